import { execFileSync } from 'node:child_process';

/** Which CPUs an isolated run gives the target, and which the rest (the store side and the load). */
export interface CpuSplit {
  /** The target's CPU, as `taskset -c` lists CPUs. */
  readonly target: string;
  /** Every other CPU this process may use: DynamoDB Local, the counting proxy and the bench itself. */
  readonly rest: string;
}

/**
 * Runs a measurement with the target alone on one CPU and DynamoDB Local, the counting proxy and the
 * bench (the load generator) on the others, through `taskset` (every thread of each process, the
 * JVM's included). On a shared machine the store's work otherwise runs on the target's CPU too, and a
 * target whose calls cost the store more CPU is slowed for it: its own CPU per request reads higher
 * (cache and scheduler effects), which measures the store rather than the app. DynamoDB runs elsewhere
 * in production.
 *
 * {@link detect} answers undefined where it cannot (not Linux, `taskset` missing, a single CPU).
 */
export class CpuIsolation {
  private constructor(
    private readonly all: string,
    readonly split: CpuSplit,
  ) {}

  /** The isolation this machine allows, from the CPUs this process may run on; undefined when none. */
  static detect(): CpuIsolation | undefined {
    if (process.platform !== 'linux') return undefined;
    const cpus = affinityOf(process.pid);
    const [first, ...others] = cpus ?? [];
    if (first === undefined || others.length === 0) return undefined;
    return new CpuIsolation(cpuList(cpus ?? []), {
      target: String(first),
      rest: cpuList(others),
    });
  }

  /**
   * Runs `work` with `targetPid` alone on the target CPU and `restPids` on the rest; afterwards (also
   * when `work` fails) every one of them may run on every CPU again.
   */
  async isolated<T>(
    targetPid: number,
    restPids: readonly number[],
    work: () => Promise<T>,
  ): Promise<T> {
    pin(targetPid, this.split.target);
    for (const pid of restPids) pin(pid, this.split.rest);
    try {
      return await work();
    } finally {
      for (const pid of [targetPid, ...restPids]) pin(pid, this.all);
    }
  }
}

/** The CPUs `pid` may run on (`taskset -c -p`); undefined when `taskset` is not there or fails. */
export function affinityOf(pid: number): number[] | undefined {
  try {
    const out = execFileSync('taskset', ['-c', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // "pid 123's current affinity list: 0,2-3"
    const list = out.slice(out.lastIndexOf(':') + 1).trim();
    return expandCpuList(list);
  } catch {
    return undefined;
  }
}

/** `0,2-3` as [0, 2, 3]. */
export function expandCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    if (from === undefined || to === undefined || !Number.isInteger(from) || !Number.isInteger(to))
      throw new Error(`not a CPU list: "${list}"`);
    for (let cpu = from; cpu <= to; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

const cpuList = (cpus: readonly number[]): string => cpus.join(',');

/** Lets every thread of `pid` run on `cpus` only; fails loudly (a measurement must not run unisolated unawares). */
function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
