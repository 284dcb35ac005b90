import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { affinityOf, CpuIsolation, expandCpuList } from '../bench/process/cpu-isolation.js';

/** A process that idles until killed, with a second thread (a worker) that pinning must reach too. */
async function idler(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "new (require('node:worker_threads').Worker)('setInterval(() => {}, 1000)', { eval: true }); setInterval(() => {}, 1000); console.log('up')",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(child.stdout, 'data');
  if (child.pid === undefined) throw new Error('the idler did not start');
  return child as ChildProcess & { pid: number };
}

/** The CPU lists of every thread of `pid`. */
function threadAffinities(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => (affinityOf(Number(tid)) ?? []).join(','));
}

describe('CpuIsolation (the equal-load runs: the target alone on a CPU)', () => {
  it('reads taskset CPU lists', () => {
    expect(expandCpuList('0')).toEqual([0]);
    expect(expandCpuList('0,2-4,7')).toEqual([0, 2, 3, 4, 7]);
    expect(() => expandCpuList('zero')).toThrow(/not a CPU list/);
  });

  const canIsolate = process.platform === 'linux' && availableParallelism() >= 2;

  (canIsolate ? it : it.skip)(
    'pins every thread of the target to the first CPU and the rest to the others, and frees them after, also when the work fails',
    async () => {
      const isolation = CpuIsolation.detect();
      if (isolation === undefined) throw new Error('taskset is missing: util-linux provides it');
      const all = (affinityOf(process.pid) ?? []).join(',');
      const [first, ...others] = all.split(',');
      expect(isolation.split).toEqual({ target: first, rest: others.join(',') });
      const target = await idler();
      const rest = await idler();
      try {
        const during = await isolation.isolated(target.pid, [rest.pid], async () => ({
          target: threadAffinities(target.pid),
          rest: threadAffinities(rest.pid),
        }));
        expect(during.target.length).toBeGreaterThan(1);
        expect(new Set(during.target)).toEqual(new Set([first]));
        expect(new Set(during.rest)).toEqual(new Set([others.join(',')]));
        expect(new Set(threadAffinities(target.pid))).toEqual(new Set([all]));
        expect(new Set(threadAffinities(rest.pid))).toEqual(new Set([all]));

        await expect(
          isolation.isolated(target.pid, [rest.pid], () => Promise.reject(new Error('boom'))),
        ).rejects.toThrow('boom');
        expect(new Set(threadAffinities(target.pid))).toEqual(new Set([all]));
        expect(new Set(threadAffinities(rest.pid))).toEqual(new Set([all]));
      } finally {
        target.kill();
        rest.kill();
      }
    },
  );

  (canIsolate ? it.skip : it)(
    'finds no isolation on a machine with one CPU or without Linux',
    () => {
      expect(CpuIsolation.detect()).toBeUndefined();
    },
  );
});
