import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchResult, BundleSize, Measurement } from '../bench/bench-result.js';
import { COLD_START_TARGETS } from '../bench/cold-start/cold-start-targets.js';
import { CpuIsolation } from '../bench/process/cpu-isolation.js';
import { WORKLOAD_NAMES, type WorkloadName } from '../bench/load/workloads.js';
import { runsWorkload, TARGET_NAMES, type TargetName } from '../bench/targets/target-name.js';

const root = join(import.meta.dirname, '..');

/**
 * Runs `npm run bench -- --quick` (compile, then its own DynamoDB Local, proxy and target apps) so that
 * the harness cannot rot, with its cold-start step (`--cold-start 2`). Timings on a shared machine are
 * noise: only the shape of the result, the DynamoDB calls per request and what the bundles hold, which
 * are deterministic, are asserted.
 */
describe('npm run bench -- --quick', () => {
  let outDir: string;
  let result: BenchResult;
  /** The bench's progress lines (standard error). */
  let progress: string[];

  const measurement = (target: TargetName, workload: WorkloadName): Measurement => {
    const found = result.measurements.find((m) => m.target === target && m.workload === workload);
    if (found === undefined) throw new Error(`no measurement of ${target} on ${workload}`);
    return found;
  };

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'bench-quick-'));
    const env = { ...process.env };
    delete env['NODE_OPTIONS']; // jest's --experimental-vm-modules is not for the bench
    const { stderr } = await promisify(execFile)(
      'npm',
      [
        'run',
        '--silent',
        'bench',
        '--',
        '--quick',
        '--cold-start',
        '2',
        '--out',
        outDir,
        // The isolated equal-load runs, where the machine allows them (see the spec of them below).
        ...(CpuIsolation.detect() === undefined ? [] : ['--isolate']),
      ],
      {
        cwd: root,
        env,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    result = JSON.parse(await readFile(join(outDir, 'latest.json'), 'utf8')) as BenchResult;
    progress = stderr.split('\n');
  }, 480_000);

  afterAll(async () => {
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('measures every target on its workloads (the read-mode variants on read only), with only 2xx answers', () => {
    expect(result.mode).toBe('quick');
    expect(result.targets).toEqual([...TARGET_NAMES]);
    expect(result.workloads.map((workload) => workload.name)).toEqual([...WORKLOAD_NAMES]);
    const pairs = TARGET_NAMES.flatMap((target) =>
      WORKLOAD_NAMES.filter((workload) => runsWorkload(target, workload)).map(
        (workload) => [target, workload] as const,
      ),
    );
    expect(pairs).toContainEqual(['ours-eventual', 'read']);
    expect(pairs).not.toContainEqual(['ours-eventual', 'write']);
    expect(result.measurements).toHaveLength(pairs.length);
    for (const [target, workload] of pairs) {
      const m = measurement(target, workload);
      expect({ target, workload, non2xx: m.non2xx, errors: m.errors }).toEqual({
        target,
        workload,
        non2xx: 0,
        errors: 0,
      });
      expect(m.responses).toBeGreaterThan(0);
      expect(m.serverRequests).toBeGreaterThan(0);
      for (const value of [m.requestsPerSecond, m.latencyMs.p50, m.latencyMs.p99]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
  });

  it('runs every target of a workload at one rate per round too (app CPU at equal load), with only 2xx answers', () => {
    for (const workload of WORKLOAD_NAMES) {
      const rates = result.measurements
        .filter((m) => m.workload === workload)
        .map((m) => {
          const equalLoad = m.equalLoad;
          if (equalLoad === undefined)
            throw new Error(`no equal load for ${m.target} on ${workload}`);
          expect({ target: m.target, non2xx: equalLoad.non2xx, errors: equalLoad.errors }).toEqual({
            target: m.target,
            non2xx: 0,
            errors: 0,
          });
          expect(equalLoad.appCpuMsPerRequest).toBeGreaterThan(0);
          // Paced at the round's rate, not as fast as the target answers (which is above 1/0.6 of it).
          const [rate = 0] = equalLoad.roundRequestsPerSecond;
          expect(equalLoad.requestsPerSecond).toBeGreaterThan(rate * 0.2);
          expect(equalLoad.requestsPerSecond).toBeLessThan(rate * 1.5);
          return equalLoad.roundRequestsPerSecond;
        });
      expect(new Set(rates.map((rate) => rate.join(' '))).size).toBe(1);
      expect(rates[0]?.[0]).toBeGreaterThan(0);
    }
  });

  it('measures the targets a check compares one right after the other, and says so', async () => {
    expect(result.settings.comparedTogether).toEqual([
      ['ours-consistent', 'raw', 'raw-twin'],
      ['ours', 'peer'],
    ]);
    // The targets of each workload's round (as fast as they answer), in the order they ran.
    const turns = new Map<string, string[]>();
    for (const line of progress) {
      const run = /\[([\w-]+)\] ([\w-]+), round (\d+): /.exec(line);
      if (run === null) continue;
      const [, target = '', workload = '', round = ''] = run;
      turns.set(`${workload} ${round}`, [...(turns.get(`${workload} ${round}`) ?? []), target]);
    }
    expect(turns.size).toBe(WORKLOAD_NAMES.length * result.settings.rounds);
    for (const [round, order] of turns) {
      const apart = (a: TargetName, b: TargetName) => Math.abs(order.indexOf(a) - order.indexOf(b));
      expect({ round, oursPeer: apart('ours', 'peer') }).toEqual({ round, oursPeer: 1 });
      if (order.includes('ours-consistent'))
        expect({ round, consistentRaw: apart('ours-consistent', 'raw') }).toEqual({
          round,
          consistentRaw: 1,
        });
    }
    expect(await readFile(join(outDir, 'latest.md'), 'utf8')).toContain(
      'ran one right after the other in each round, wherever they ran together: ours-consistent, raw and raw-twin; ours and peer.',
    );
  });

  it('gives the target a CPU of its own in the equal-load runs with --isolate, and says so', async () => {
    const split = CpuIsolation.detect()?.split;
    expect(result.settings.equalLoad?.cpus).toEqual(split ?? null);
    // What each target's threads were allowed at the end of every one of its equal-load rounds.
    for (const m of result.measurements)
      expect({
        target: m.target,
        workload: m.workload,
        cpus: m.equalLoad?.isolation?.targetCpus,
      }).toEqual({
        target: m.target,
        workload: m.workload,
        cpus: split === undefined ? undefined : [split.target],
      });
    const said =
      split === undefined ? 'shared every CPU' : `threads were pinned to CPU ${split.target}`;
    expect(await readFile(join(outDir, 'latest.md'), 'utf8')).toContain(said);
  });

  it('finds this library at the floor: 0 calls anonymous, 1 read to read, 1 read + 1 write to write', () => {
    const calls = (workload: WorkloadName) => {
      const { readsPerRequest, writesPerRequest } = measurement('ours', workload).dynamo;
      return { readsPerRequest, writesPerRequest };
    };
    expect(calls('anonymous')).toEqual({ readsPerRequest: 0, writesPerRequest: 0 });
    expect(calls('read')).toEqual({ readsPerRequest: 1, writesPerRequest: 0 });
    expect(calls('write')).toEqual({ readsPerRequest: 1, writesPerRequest: 1 });
  });

  it('measures a 20 KB session with and without compression, and with encryption', () => {
    const units = (target: TargetName, workload: WorkloadName) =>
      measurement(target, workload).dynamo;
    // Capacity units follow item sizes, which do not depend on the machine.
    expect(units('ours-compressed', 'read-20k').readUnitsPer1000).toBeLessThan(
      units('ours', 'read-20k').readUnitsPer1000,
    );
    expect(units('ours-compressed', 'write-20k').writeUnitsPer1000).toBeLessThan(
      units('ours', 'write-20k').writeUnitsPer1000,
    );
    // A 20 KB item costs more than a small one, so the large sessions really are large.
    expect(units('ours', 'read-20k').readUnitsPer1000).toBeGreaterThan(
      units('ours', 'read').readUnitsPer1000,
    );
    // Compression and encryption change what is stored, never which calls are made.
    const calls = (target: TargetName, workload: WorkloadName) => {
      const { readsPerRequest, writesPerRequest } = units(target, workload);
      return { target, workload, readsPerRequest, writesPerRequest };
    };
    for (const target of ['ours-compressed', 'ours-encrypted'] as const) {
      for (const workload of ['read', 'write', 'read-20k', 'write-20k'] as const) {
        expect(calls(target, workload)).toEqual({ ...calls('ours', workload), target });
      }
    }
    const goals = result.checks.map((check) => check.goal);
    expect(goals).toContain('read-20k: RCU per request of ours-compressed below ours');
    expect(goals).toContain('write-20k: ours-encrypted makes the same DynamoDB calls as ours');
  });

  it('makes the same DynamoDB calls for a header client (ours-header) as for a cookie client (ours)', () => {
    const calls = (target: TargetName, workload: WorkloadName) => {
      const { readsPerRequest, writesPerRequest } = measurement(target, workload).dynamo;
      return { target, workload, readsPerRequest, writesPerRequest };
    };
    for (const workload of ['read', 'write'] as const) {
      expect(calls('ours-header', workload)).toEqual({
        ...calls('ours', workload),
        target: 'ours-header',
      });
    }
    // A round can stop between a login and its logout: the figures agree to a few thousandths.
    expect(calls('ours-header', 'login-logout').writesPerRequest).toBeCloseTo(
      calls('ours', 'login-logout').writesPerRequest,
      1,
    );
    expect(calls('ours-header', 'login-logout').readsPerRequest).toBe(
      calls('ours', 'login-logout').readsPerRequest,
    );
    const header = result.checks.filter((check) => check.goal.includes('ours-header'));
    expect(header.map((check) => [check.goal, check.met])).toEqual(
      (['read', 'write', 'login-logout'] as const).map((workload) => [
        `${workload}: ours-header makes the same DynamoDB calls as ours`,
        true,
      ]),
    );
  });

  it("reads with half the units in 'auto' (the default) as in consistent mode, falling back only on a stale answer", () => {
    const read = (target: TargetName) => measurement(target, 'read').dynamo;
    // Read units follow item sizes and ConsistentRead, not the machine: consistent 1 per 4 KB, eventual 0.5.
    const consistent = read('ours-consistent').readUnitsPer1000;
    expect(read('ours-eventual').readUnitsPer1000).toBeCloseTo(consistent / 2, 0);
    expect(read('ours').readUnitsPer1000).toBeLessThanOrEqual(consistent * 0.55);
    // DynamoDB Local is never stale: every read of a marked cookie was eventual, no fallback ran.
    expect(read('ours')).toMatchObject({
      consistentGetItemsPer1000: 0,
      eventualGetItemsPer1000: 1000,
    });
    expect(read('ours-consistent')).toMatchObject({ eventualGetItemsPer1000: 0 });
    expect(read('raw').readUnitsPer1000).toBe(consistent);
    const goals = result.checks.map((check) => check.goal);
    expect(goals).toContain(
      "read units per read request: ours ('auto') at most 0.55x ours-consistent",
    );
  });

  it('counts every client the same way: the hand-written floor, and express-session touching on reads', () => {
    expect(measurement('raw', 'read').dynamo).toMatchObject({
      readsPerRequest: 1,
      writesPerRequest: 0,
    });
    expect(measurement('raw', 'write').dynamo).toMatchObject({
      readsPerRequest: 1,
      writesPerRequest: 1,
    });
    expect(measurement('peer', 'read').dynamo).toMatchObject({
      readsPerRequest: 1,
      writesPerRequest: 1,
    });
    expect(measurement('baseline', 'read').dynamo).toMatchObject({ reads: 0, writes: 0 });
  });

  it('bundles baseline, raw, ours and peer with Nest and the AWS SDK external, ours from the built package and without express-session', () => {
    const coldStart = result.coldStart;
    if (coldStart === undefined) throw new Error('no cold-start step in the result');
    expect(coldStart.bundles.map((bundle) => bundle.target)).toEqual([...COLD_START_TARGETS]);
    const bundle = (target: string): BundleSize => {
      const found = coldStart.bundles.find((entry) => entry.target === target);
      if (found === undefined) throw new Error(`no bundle of ${target}`);
      return found;
    };
    const packages = (target: string): string[] =>
      bundle(target).contents.map((content) => content.name);
    for (const { target, bytes, addsBytes, contents } of coldStart.bundles) {
      // Far below what Nest or the AWS SDK alone would weigh: they were left out.
      expect({ target, small: bytes > 1000 && bytes < 1024 * 1024 }).toEqual({
        target,
        small: true,
      });
      expect(addsBytes).toBe(bytes - bundle('baseline').bytes);
      expect(contents.reduce((sum, content) => sum + content.bytes, 0)).toBe(bytes);
      const external = contents.filter(({ name }) =>
        /^(@nestjs\/|@aws-sdk\/|reflect-metadata$|rxjs$)/.test(name),
      );
      expect({ target, external }).toEqual({ target, external: [] });
    }
    expect(bundle('baseline').addsBytes).toBe(0);
    expect(packages('baseline')).toEqual(['(app)', '(esbuild)']);
    // ours holds the library as users get it (its package, not the sources), and no peer code.
    expect(packages('ours')).toContain('nestjs-dynamodb-session');
    const library = bundle('ours').contents.find(({ name }) => name === 'nestjs-dynamodb-session');
    expect(library?.bytes).toBeGreaterThan(20 * 1024);
    expect(packages('ours')).not.toContain('express-session');
    expect(packages('ours')).not.toContain('connect-dynamodb');
    expect(packages('peer')).toEqual(
      expect.arrayContaining(['express-session', 'connect-dynamodb']),
    );
    expect(packages('peer')).not.toContain('nestjs-dynamodb-session');
    expect(packages('raw')).not.toContain('nestjs-dynamodb-session');
    expect(coldStart.bundler.command).toContain('--external:@nestjs/*');
  });

  it("times the import of each target's session code in fresh processes, and each bundle's first login", async () => {
    const coldStart = result.coldStart;
    if (coldStart === undefined) throw new Error('no cold-start step in the result');
    expect(coldStart.repetitions).toBe(2);
    expect(coldStart.importTimes.map((time) => `${time.target} ${time.format}`)).toEqual([
      'raw esm',
      'ours esm',
      'ours cjs',
      'peer esm',
      'peer cjs',
    ]);
    for (const time of coldStart.importTimes) {
      expect(time.ms.samples).toHaveLength(2);
      expect(time.ms.samples.every((ms) => Number.isFinite(ms) && ms > 0)).toBe(true);
    }
    const ours = coldStart.importTimes.filter((time) => time.target === 'ours');
    for (const time of ours)
      expect(time.modules).toEqual([expect.stringMatching(/^nestjs-dynamodb-session \(/)]);
    expect(coldStart.coldStarts.map((start) => start.target)).toEqual([...COLD_START_TARGETS]);
    for (const start of coldStart.coldStarts) {
      expect(start.request).toBe('POST /auth/login');
      expect(start.ms.samples).toHaveLength(2);
      expect(start.ms.min).toBeGreaterThan(0);
    }
    const goals = result.checks.map((check) => check.goal);
    expect(goals).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^bundle: ours adds at most 150 KB/),
        expect.stringMatching(/^import time: ours \(ES module, import\(\)\) adds at most 30 ms/),
        expect.stringMatching(/^import time: ours \(CommonJS, require\(\)\) adds at most 30 ms/),
      ]),
    );
    const markdown = await readFile(join(outDir, 'latest.md'), 'utf8');
    expect(markdown).toContain('## Bundle size, import time and cold start');
    expect(markdown).toMatch(/^\| ours \| [\d.]+ \| \+[\d.]+ \| nestjs-dynamodb-session /m);
  });

  it('reports ratios, the soak and the targets, and writes the Markdown table and the chart', async () => {
    expect(result.ratios.map((ratio) => `${ratio.workload}/${ratio.against}`)).toEqual(
      WORKLOAD_NAMES.flatMap((workload) => [`${workload}/peer`, `${workload}/raw`]),
    );
    expect(result.soaks).toHaveLength(1);
    const [soak] = result.soaks;
    expect(soak).toMatchObject({ target: 'ours', workload: 'read', non2xx: 0 });
    expect(soak?.before.rss).toBeGreaterThan(0);
    expect(soak?.after.rss).toBeGreaterThan(0);
    expect(soak?.samples.length).toBeGreaterThan(0);
    expect(result.checks.length).toBeGreaterThan(0);
    const markdown = await readFile(join(outDir, 'latest.md'), 'utf8');
    expect(markdown).toContain('| ours | read |');
    const chart = await readFile(join(outDir, 'latest.svg'), 'utf8');
    expect(chart).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
