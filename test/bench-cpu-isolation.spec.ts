import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { parseBenchOptions } from '../bench/bench-options.js';
import { CpuIsolation, expandCpuList, threadCpus } from '../bench/process/cpu-isolation.js';

/**
 * A process that idles (or, with `spin`, keeps a CPU busy) until killed, with a second thread (a
 * worker) that pinning must reach too.
 */
async function child(spin = false): Promise<ChildProcess & { pid: number }> {
  const main = spin ? 'for (;;) {}' : 'setInterval(() => {}, 1000)';
  const started = spawn(
    process.execPath,
    [
      '-e',
      `new (require('node:worker_threads').Worker)('setInterval(() => {}, 1000)', { eval: true }).on('online', () => { console.log('up'); ${main} })`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await once(started.stdout, 'data');
  if (started.pid === undefined) throw new Error('the child did not start');
  return started as ChildProcess & { pid: number };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('CpuIsolation (the equal-load runs: the target on a CPU of its own)', () => {
  it('is asked for with --isolate, and off by default', () => {
    const isolate = (...args: string[]) =>
      parseBenchOptions(args, '/results').options.isolateEqualLoad;
    expect(isolate()).toBe(false);
    expect(isolate('--quick')).toBe(false);
    expect(isolate('--isolate')).toBe(true);
  });

  it('reads CPU lists', () => {
    expect(expandCpuList('0')).toEqual([0]);
    expect(expandCpuList('0,2-4,7')).toEqual([0, 2, 3, 4, 7]);
    expect(() => expandCpuList('zero')).toThrow(/not a CPU list/);
    expect(threadCpus(process.pid).length).toBeGreaterThan(0);
    expect(() => threadCpus(2 ** 22 + 1)).toThrow(/ENOENT/);
  });

  const canIsolate = process.platform === 'linux' && availableParallelism() >= 2;

  describe(canIsolate ? 'on this machine' : 'not on this machine', () => {
    const running: ChildProcess[] = [];
    const started = async (spin = false) => {
      const process = await child(spin);
      running.push(process);
      return process;
    };
    afterEach(() => {
      for (const process of running.splice(0)) process.kill('SIGKILL');
    });

    const isolation = (): CpuIsolation => {
      const found = CpuIsolation.detect();
      if (found === undefined) throw new Error('taskset is missing: util-linux provides it');
      return found;
    };
    const all = (): string => threadCpus(process.pid).join(' ');

    (canIsolate ? it : it.skip)(
      'pins every thread of the target to its CPU and of the rest to the others, says what it saw, and frees them after',
      async () => {
        const { split } = isolation();
        const [first, ...others] = all().split(',');
        expect(split).toEqual({ target: first, rest: others.join(',') });
        const target = await started();
        const rest = await started(true);
        const { value, cpus } = await isolation().isolated(target.pid, [rest.pid], async () => {
          await pause(300);
          return { target: threadCpus(target.pid), rest: threadCpus(rest.pid) };
        });
        expect(value).toEqual({ target: [split.target], rest: [split.rest] });
        expect(cpus.targetCpus).toBe(split.target);
        // The spinning process kept one of the other CPUs busy (as busy as a shared machine lets it).
        expect(cpus.restBusyShare * split.rest.split(',').length).toBeGreaterThan(0.2);
        expect(threadCpus(target.pid)).toEqual([all()]);
        expect(threadCpus(rest.pid)).toEqual([all()]);
      },
    );

    (canIsolate ? it : it.skip)(
      'frees every process when the work fails, and fails when a process to pin is gone',
      async () => {
        const target = await started();
        const rest = await started();
        await expect(
          isolation().isolated(target.pid, [rest.pid], () => Promise.reject(new Error('boom'))),
        ).rejects.toThrow('boom');
        expect(threadCpus(target.pid)).toEqual([all()]);
        expect(threadCpus(rest.pid)).toEqual([all()]);

        const gone = await child();
        gone.kill('SIGKILL');
        await once(gone, 'exit');
        let ran = false;
        await expect(
          isolation().isolated(target.pid, [gone.pid], async () => {
            ran = true;
          }),
        ).rejects.toThrow(`process ${gone.pid} is gone`);
        expect(ran).toBe(false);
        expect(threadCpus(target.pid)).toEqual([all()]);
      },
    );

    (canIsolate ? it.skip : it)('finds none on a machine with one CPU or without Linux', () => {
      expect(CpuIsolation.detect()).toBeUndefined();
    });
  });
});
