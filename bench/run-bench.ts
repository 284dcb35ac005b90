import { fileURLToPath } from 'node:url';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startEmbeddedDynamoDb,
} from '../sample/embedded-dynamodb.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchResult, ColdStart, Measurement, Soak, SoakSample } from './bench-result.js';
import { coldStartChecks } from './cold-start/cold-start-checks.js';
import { isColdStartTarget } from './cold-start/cold-start-targets.js';
import {
  coldStartResult,
  measureColdStarts,
  prepareColdStart,
  type PreparedColdStart,
} from './cold-start/run-cold-start.js';
import type { ProxyReady } from './dynamo/proxy-main.js';
import { warmUpDynamoDb } from './dynamo/warm-up-dynamodb.js';
import { credentialOf } from './load/credential.js';
import { LARGE_SESSION_BYTES, prepareSessions } from './load/prepare-sessions.js';
import { runLoad } from './load/run-load.js';
import { WORKLOADS, type Workload } from './load/workloads.js';
import { EQUAL_LOAD_SHARE } from './equal-load.js';
import { describeMachine } from './machine.js';
import { settle, warmUp, type RunningTarget } from './measure-round.js';
import { measureWorkload } from './measure-workload.js';
import { Cleanup } from './process/cleanup.js';
import { childEnv } from './process/child-env.js';
import { CpuIsolation } from './process/cpu-isolation.js';
import { ChildHandle } from './process/child-handle.js';
import { checkTargets, compare } from './report/compare.js';
import { sourceRevision } from './source-revision.js';
import type { TargetMemory, TargetReady } from './targets/target-main.js';
import { COMPARED_TOGETHER, runsWorkload, type TargetName } from './targets/target-name.js';
import { createTargetTables } from './targets/create-target-tables.js';
import { targetProcessEnv } from './targets/target-process-env.js';

const PROXY_MAIN = fileURLToPath(new URL('./dynamo/proxy-main.js', import.meta.url));
const TARGET_MAIN = fileURLToPath(new URL('./targets/target-main.js', import.meta.url));

async function startTarget(
  name: TargetName,
  proxy: ChildHandle<ProxyReady>,
): Promise<ChildHandle<TargetReady>> {
  return ChildHandle.start<TargetReady>({
    name: `target ${name}`,
    modulePath: TARGET_MAIN,
    args: [name],
    // --expose-gc: the memory command reads the heap after a forced GC too.
    execArgv: ['--expose-gc'],
    env: targetProcessEnv(name, proxy.ready.endpoint),
  });
}

/** The isolation of the equal-load runs `options` asks for (`--isolate`); fails where the machine has none. */
function isolationOf(options: BenchOptions): CpuIsolation | undefined {
  if (!options.isolateEqualLoad || options.equalLoadSeconds <= 0) return undefined;
  const isolation = CpuIsolation.detect();
  if (isolation === undefined)
    throw new Error(
      '--isolate needs Linux, the taskset command (util-linux) and at least two CPUs this process may use',
    );
  return isolation;
}

/**
 * Runs the bench as `options` says and returns its result; `log` gets progress lines.
 *
 * Every target runs in its own process, all started at once (idle ones cost no CPU), so that each
 * workload can run on every target in turn (see `measureWorkload`).
 */
export async function runBench(
  options: BenchOptions,
  log: (line: string) => void,
  cleanup = new Cleanup(),
): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const machine = describeMachine();
  const isolation = isolationOf(options);
  const source = sourceRevision(fileURLToPath(new URL('../../..', import.meta.url)));
  const workloads = WORKLOADS.filter((workload) => options.workloads.includes(workload.name));
  const measurements: Measurement[] = [];
  const soaks: Soak[] = [];
  let coldStarts: ColdStart[] = [];
  const coldStartTargets =
    options.coldStartRepetitions > 0 ? options.targets.filter(isColdStartTarget) : [];
  // Bundles and import times first, on a machine running nothing else of the bench.
  const prepared: PreparedColdStart | undefined =
    coldStartTargets.length === 0
      ? undefined
      : await prepareColdStart(
          coldStartTargets,
          options.coldStartRepetitions,
          {
            root: fileURLToPath(new URL('../../..', import.meta.url)),
            compiledRoot: fileURLToPath(new URL('..', import.meta.url)),
          },
          log,
        );

  log('starting DynamoDB Local and the counting proxy');
  const dynamo = await startEmbeddedDynamoDb();
  const stopDynamo = cleanup.add(() => dynamo.stop());
  try {
    const proxy = await ChildHandle.start<ProxyReady>({
      name: 'counting proxy',
      modulePath: PROXY_MAIN,
      args: [dynamo.endpoint],
      env: childEnv({}),
    });
    const stopProxy = cleanup.add(() => proxy.stop());
    const running: RunningTarget[] = [];
    const stops: (() => Promise<void>)[] = [];
    try {
      await createTargetTables(dynamo.endpoint, options.targets);
      log(`starting ${options.targets.join(', ')}`);
      const started = await Promise.allSettled(
        options.targets.map(async (name) => {
          const app = await startTarget(name, proxy);
          stops.push(cleanup.add(() => app.stop()));
          return app;
        }),
      );
      for (const [index, outcome] of started.entries()) {
        if (outcome.status === 'rejected') throw outcome.reason;
        const app = outcome.value;
        const url = `http://127.0.0.1:${app.ready.port}`;
        const name = options.targets[index] as TargetName;
        const credential = credentialOf(name);
        const sessions = await prepareSessions(url, options.sessions, credential);
        const needsLarge = workloads.some((workload) => workload.largeSessions === true);
        const largeSessions = needsLarge
          ? await prepareSessions(url, options.sessions, credential, LARGE_SESSION_BYTES)
          : [];
        running.push({ name, app, url, credential, sessions, largeSessions });
      }
      log(`warming DynamoDB Local up for ${options.dynamoWarmUpSeconds} s`);
      await warmUpDynamoDb(
        proxy.ready.endpoint,
        LOCAL_REGION,
        LOCAL_CREDENTIALS,
        options.dynamoWarmUpSeconds,
      );
      if (options.warmUpPassSeconds > 0) {
        log(
          `warm-up pass: ${options.warmUpPassSeconds} s of each workload on each target, unmeasured`,
        );
        for (const workload of workloads) {
          for (const target of running.filter(({ name }) => runsWorkload(name, workload.name))) {
            await warmUp(target, workload, options.connections, options.warmUpPassSeconds);
          }
        }
      }
      const stage = { options, running, proxy, dynamoDbLocalPid: dynamo.pid, isolation, log };
      for (const [index, workload] of workloads.entries()) {
        measurements.push(...(await measureWorkload(stage, workload, index)));
      }
      for (const target of running.filter(({ name }) => options.soakTargets.includes(name))) {
        if (options.soakRequests <= 0) break;
        log(`[${target.name}] soak: ${options.soakRequests} read-only requests`);
        const soak = await runSoak(options, target, proxy);
        soaks.push(soak);
        log(
          `[${target.name}] soak: RSS ${mib(soak.before.rss)} -> ${mib(soak.after.rss)} MiB (${soak.rssGrowthPercent.toFixed(1)}%), ` +
            `samples ${soak.samples.map((sample) => mib(sample.rss)).join(' ')}`,
        );
      }
      if (prepared !== undefined) {
        // Last, with DynamoDB Local warm and every table there (peer's made at its target's boot).
        log(
          `cold start: ${prepared.targets.join(', ')}, ${prepared.repetitions} fresh processes each`,
        );
        coldStarts = await measureColdStarts(prepared, proxy.ready.endpoint, log, cleanup);
      }
    } finally {
      for (const stop of stops) await stop();
      await stopProxy();
    }
  } finally {
    await stopDynamo();
  }
  measurements.sort(
    (a, b) =>
      options.targets.indexOf(a.target) - options.targets.indexOf(b.target) ||
      options.workloads.indexOf(a.workload) - options.workloads.indexOf(b.workload),
  );
  const coldStart = prepared === undefined ? undefined : coldStartResult(prepared, coldStarts);
  return {
    mode: options.mode,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    source,
    settings: {
      connections: options.connections,
      rounds: options.rounds,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      dynamoWarmUpSeconds: options.dynamoWarmUpSeconds,
      warmUpPassSeconds: options.warmUpPassSeconds,
      comparedTogether: COMPARED_TOGETHER.map((group) =>
        group.filter((name) => options.targets.includes(name)),
      ).filter((group) => group.length > 1),
      equalLoad: {
        seconds: options.equalLoadSeconds,
        share: EQUAL_LOAD_SHARE,
        cpus: isolation?.split ?? null,
      },
      sessionsPerTarget: options.sessions,
      soakRequests: options.soakRequests,
      loadGenerator:
        'autocannon 8 in the bench process (HTTP/1.1 keep-alive, no pipelining); login-logout is an autocannon request sequence',
      writeUnits:
        'ConsumedCapacity reported by DynamoDB Local (the proxy adds ReturnConsumedCapacity: TOTAL to every read and write; units follow item sizes, GSI writes included), transactional writes doubled as DynamoDB bills them',
    },
    targets: options.targets,
    workloads: workloads.map(({ name, description }) => ({ name, description })),
    measurements,
    ratios: compare(measurements),
    soaks,
    checks: [
      ...checkTargets(
        measurements,
        soaks.find((soak) => soak.target === 'ours'),
        options.connections,
      ),
      ...(coldStart === undefined ? [] : coldStartChecks(coldStart)),
    ],
    ...(coldStart === undefined ? {} : { coldStart }),
  };
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** Soaks are run in this many parts, with the memory read after each. */
const SOAK_PARTS = 10;

/** Memory of the target at rest before and after `soakRequests` read-only requests, and after each tenth. */
async function runSoak(
  options: BenchOptions,
  { name, app, url, credential, sessions }: RunningTarget,
  proxy: ChildHandle<ProxyReady>,
): Promise<Soak> {
  const read = WORKLOADS.find((workload) => workload.name === 'read') as Workload;
  await settle(app, proxy);
  // Quick runs only check that the soak works: they do not wait long for V8 to give memory back.
  const rest = options.mode === 'quick' ? 'rest:0.5:1' : 'rest:8:4';
  const before = await app.request<TargetMemory>('memory', rest);
  const samples: SoakSample[] = [];
  let requests = 0;
  let non2xx = 0;
  let seconds = 0;
  for (let part = 0; part < SOAK_PARTS; part += 1) {
    const amount =
      Math.floor((options.soakRequests * (part + 1)) / SOAK_PARTS) -
      Math.floor((options.soakRequests * part) / SOAK_PARTS);
    if (amount < options.connections) continue;
    const result = await runLoad({
      url,
      connections: options.connections,
      requests: read.requests(sessions, credential),
      amount,
    });
    requests += result.completed;
    non2xx += result.non2xx + result.errors;
    seconds += result.durationSeconds;
    await settle(app, proxy);
    samples.push({ requests, ...(await app.request<TargetMemory>('memory', 'now')) });
  }
  const after = await app.request<TargetMemory>('memory', rest);
  const growth = (from: number, to: number): number => Math.round(((to - from) / from) * 1000) / 10;
  return {
    target: name,
    workload: 'read',
    requests,
    requestsPerSecond: seconds > 0 ? Math.round((requests / seconds) * 10) / 10 : 0,
    non2xx,
    before,
    after,
    rssGrowthPercent: growth(before.rss, after.rss),
    heapUsedGrowthPercent: growth(before.heapUsed, after.heapUsed),
    samples,
  };
}
