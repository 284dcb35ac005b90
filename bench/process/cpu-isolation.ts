import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { processCpuMs } from './process-cpu.js';

/** Which CPUs an isolated run gives the target, and which the rest (the store side and the load). */
export interface CpuSplit {
  /** The target's CPU, as `taskset -c` lists CPUs. */
  readonly target: string;
  /** Every other CPU this process may use: DynamoDB Local, the counting proxy and the bench itself. */
  readonly rest: string;
}

/** What an isolated run saw of its CPUs. */
export interface IsolatedCpus {
  /** The CPUs every thread of the target was allowed, read at the end of the run. */
  readonly targetCpus: string;
  /**
   * The CPU time the other processes used over the run, as a share of the rest's CPUs' time (1: busy
   * throughout). Near 1 the load generator may start requests late and in bursts.
   */
  readonly restBusyShare: number;
}

/** Tries of a pin before it fails: a thread a process starts while `taskset` works through its list is missed. */
const PIN_TRIES = 3;

/**
 * Runs a measurement with the target on one CPU of its own and DynamoDB Local, the counting proxy, the
 * idle targets and the bench (the load generator) on the others, through `taskset` (every thread of
 * each process, the JVM's included; threads started later inherit it). Sharing every CPU, the store's
 * work for a target runs beside it and slows it, which its own CPU per request then counts; DynamoDB
 * runs elsewhere in production. The machine's other tenants and the kernel still use that CPU.
 *
 * {@link detect} answers undefined where it cannot (not Linux, `taskset` missing, a single CPU).
 */
export class CpuIsolation {
  private constructor(
    /** The CPUs this process was allowed when the bench started: every other process's too. */
    private readonly all: string,
    readonly split: CpuSplit,
  ) {}

  /** The isolation this machine allows, from the CPUs this process may run on; undefined when none. */
  static detect(): CpuIsolation | undefined {
    if (process.platform !== 'linux') return undefined;
    const cpus = cpusOfTaskset(process.pid);
    const [first, ...others] = cpus ?? [];
    if (cpus === undefined || first === undefined || others.length === 0) return undefined;
    return new CpuIsolation(cpus.join(','), { target: String(first), rest: others.join(',') });
  }

  /**
   * Runs `work` with every thread of `targetPid` on the target CPU and of `restPids` on the rest;
   * afterwards (also when `work` or a pin fails) each of them that still runs may use every CPU again.
   */
  async isolated<T>(
    targetPid: number,
    restPids: readonly number[],
    work: () => Promise<T>,
  ): Promise<{ readonly value: T; readonly cpus: IsolatedCpus }> {
    const restCount = this.split.rest.split(',').length;
    let outcome: { value: T; cpus: IsolatedCpus } | undefined;
    let failure: unknown;
    try {
      pin(targetPid, this.split.target);
      for (const pid of restPids) pin(pid, this.split.rest);
      const restCpuBefore = cpuOf(restPids);
      const startedAt = performance.now();
      const value = await work();
      const elapsedMs = performance.now() - startedAt;
      outcome = {
        value,
        cpus: {
          targetCpus: threadCpus(targetPid).join(' '),
          restBusyShare: (cpuOf(restPids) - restCpuBefore) / (elapsedMs * restCount),
        },
      };
    } catch (error) {
      failure = error;
    }
    const unfreed: unknown[] = [];
    for (const pid of [targetPid, ...restPids]) {
      try {
        if (isRunning(pid)) pin(pid, this.all);
      } catch (error) {
        unfreed.push(error);
      }
    }
    if (failure !== undefined) {
      if (unfreed.length > 0 && failure instanceof Error)
        failure.message += ` (and ${unfreed.length} process(es) could not run on every CPU again)`;
      throw failure;
    }
    if (unfreed.length > 0)
      throw new AggregateError(unfreed, 'processes of the bench could not run on every CPU again');
    if (outcome === undefined) throw new Error('an isolated run ended without an outcome');
    return outcome;
  }
}

/** The CPUs `pid` may run on, as `taskset -c -p` lists them; undefined when `taskset` is not there or fails. */
function cpusOfTaskset(pid: number): number[] | undefined {
  try {
    const out = execFileSync('taskset', ['-c', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // "pid 123's current affinity list: 0,2-3"
    return expandCpuList(out.slice(out.lastIndexOf(':') + 1).trim());
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

/**
 * The distinct CPU lists (`0,1`) the threads of `pid` may run on, from /proc; throws when the process
 * is gone. A thread that ends while they are read is left out.
 */
export function threadCpus(pid: number): string[] {
  const lists = new Set<string>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    } catch {
      continue;
    }
    const list = /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1];
    if (list !== undefined) lists.add(expandCpuList(list).join(','));
  }
  return [...lists];
}

const isRunning = (pid: number): boolean => processCpuMs(pid) !== undefined;

const cpuOf = (pids: readonly number[]): number =>
  pids.reduce((total, pid) => total + (processCpuMs(pid) ?? 0), 0);

/**
 * Lets every thread of `pid` run on `cpus` only, and checks from /proc that each does; tries again for
 * a thread started meanwhile. Throws when it cannot (the process is gone, `taskset` fails): a
 * measurement must not run unisolated unawares.
 */
function pin(pid: number, cpus: string): void {
  const wanted = expandCpuList(cpus).join(',');
  for (let attempt = 1; ; attempt += 1) {
    try {
      execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch {
      // It fails for a thread that ended while it worked through the list: /proc says whether the rest took it.
    }
    if (!isRunning(pid))
      throw new Error(`process ${pid} is gone: it cannot be pinned to CPU ${cpus}`);
    const lists = threadCpus(pid);
    if (lists.length === 1 && lists[0] === wanted) return;
    if (attempt >= PIN_TRIES)
      throw new Error(
        `process ${pid}: its threads may run on CPU ${lists.join(' and ')} after ${PIN_TRIES} pins to ${cpus}`,
      );
  }
}
