import { parseArgs } from 'node:util';
import { TARGET_NAMES, type TargetName } from './targets/target-name.js';
import { WORKLOAD_NAMES, type WorkloadName } from './load/workloads.js';

/** How a bench run is set up (`npm run bench -- --help` lists the flags). */
export interface BenchOptions {
  readonly mode: 'full' | 'quick';
  /** Where latest.json, latest.md and latest.svg go. */
  readonly outDir: string;
  /** Concurrent connections of the load generator, for every target and workload. */
  readonly connections: number;
  /** Measured rounds per target and workload; the targets take turns between rounds. */
  readonly rounds: number;
  /** Measured seconds per round. */
  readonly durationSeconds: number;
  /** Unmeasured seconds of the same load before each round. */
  readonly warmupSeconds: number;
  /**
   * Measured seconds per round of every target at one rate (see `equalLoadRate`), after the round's
   * runs as fast as each target answers (0: none).
   */
  readonly equalLoadSeconds: number;
  /**
   * Whether each target's equal-load runs give it a CPU of its own (see CpuIsolation). Off by default:
   * on two CPUs the rest (DynamoDB Local, the proxy, the load generator) then share one, which a
   * target whose calls cost the emulator more saturates (see docs/benchmark.md).
   */
  readonly isolateEqualLoad: boolean;
  /** Seconds of DynamoDB calls before the first measurement, to warm DynamoDB Local's JIT up. */
  readonly dynamoWarmUpSeconds: number;
  /**
   * Unmeasured seconds of every workload on every target, once, before the first measured round: warms
   * up the very calls each target makes (conditional writes, eventual reads, transactions) in DynamoDB
   * Local's JIT, and each target's own (0: none).
   */
  readonly warmUpPassSeconds: number;
  /** Sessions prepared per target for the read and write workloads (their cookies go round-robin). */
  readonly sessions: number;
  /** Read-only requests of the soak that measures a target's memory (0: no soak). */
  readonly soakRequests: number;
  /** Targets to soak, one after the other (default: `ours`). */
  readonly soakTargets: readonly TargetName[];
  readonly targets: readonly TargetName[];
  readonly workloads: readonly WorkloadName[];
  /**
   * Targets to profile: each measured run (not the warm-up, not the boot) is written to
   * `<outDir>/profiles/<target>-<workload>.cpuprofile`.
   */
  readonly profile: readonly TargetName[];
  /**
   * Fresh processes per target for the cold-start step (bundle sizes, import times, cold starts) of
   * `baseline`, `raw`, `ours` and `peer` among the targets (0: no such step; quick runs have none
   * unless asked).
   */
  readonly coldStartRepetitions: number;
}

export const USAGE = `Usage: npm run bench -- [options]

  --quick                 short runs (everything in under a minute) into bench/results/quick
  --out <dir>             where to write latest.json, latest.md and latest.svg
  --rounds <n>            measured rounds per target and workload, targets taking turns (full: 3, quick: 1)
  --duration <seconds>    measured seconds per round (full: 6, quick: 0.8)
  --connections <n>       concurrent connections (full: 16, quick: 8)
  --equal-load <seconds>  measured seconds per round of each target at one rate for all, for app CPU
                          at equal load (full: 4, quick: 0.5; 0: none)
  --isolate               in those runs, the target alone on one CPU, the rest on the others (Linux,
                          taskset, two CPUs or more; see docs/benchmark.md)
  --warm-up-pass <s>      unmeasured seconds of each workload on each target before round 1 (full: 4, quick: 0.25; 0: none)
  --soak <requests>       read-only requests of the memory soak (full: 100000, quick: 500; 0: none)
  --soak-targets <list>   targets to soak, one after the other (default: ours)
  --targets <list>        comma-separated, of ${TARGET_NAMES.join(', ')} (default: all)
  --workloads <list>      comma-separated, of ${WORKLOAD_NAMES.join(', ')} (default: all)
  --profile <list>        targets whose measured runs are CPU-profiled (into <out>/profiles)
  --cold-start <n>        bundle sizes, import times and cold starts of baseline, raw, ours and peer,
                          in <n> fresh processes each (full: 10, quick: 0 = none; builds the library first)
  --help                  this text`;

function positive(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`--${name} must be a number of at least ${min} (got "${text}")`);
  }
  return value;
}

function list<T extends string>(
  name: string,
  text: string | undefined,
  all: readonly T[],
  fallback: readonly T[],
): readonly T[] {
  if (text === undefined) return fallback;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = items.filter((item) => !(all as readonly string[]).includes(item));
  if (unknown.length > 0) {
    throw new Error(`--${name}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
  }
  return all.filter((item) => items.includes(item));
}

/** Parses the command line; `help` is true when `--help` was given. */
export function parseBenchOptions(
  args: readonly string[],
  resultsDir: string,
): { options: BenchOptions; help: boolean } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'equal-load': { type: 'string' },
      isolate: { type: 'boolean', default: false },
      'warm-up-pass': { type: 'string' },
      soak: { type: 'string' },
      'soak-targets': { type: 'string' },
      targets: { type: 'string' },
      workloads: { type: 'string' },
      profile: { type: 'string' },
      'cold-start': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const quick = values.quick === true;
  const targets = list('targets', values.targets, TARGET_NAMES, TARGET_NAMES);
  const profile = list('profile', values.profile, TARGET_NAMES, []);
  return {
    help: values.help === true,
    options: {
      mode: quick ? 'quick' : 'full',
      outDir: values.out ?? (quick ? `${resultsDir}/quick` : resultsDir),
      connections: positive('connections', values.connections, quick ? 8 : 16),
      rounds: Math.round(positive('rounds', values.rounds, quick ? 1 : 3)),
      durationSeconds: positive('duration', values.duration, quick ? 0.8 : 6, 0.5),
      warmupSeconds: quick ? 0.25 : 1,
      equalLoadSeconds: positive('equal-load', values['equal-load'], quick ? 0.5 : 4, 0),
      isolateEqualLoad: values.isolate === true,
      dynamoWarmUpSeconds: quick ? 2 : 20,
      warmUpPassSeconds: positive('warm-up-pass', values['warm-up-pass'], quick ? 0.25 : 4, 0),
      sessions: quick ? 8 : 64,
      soakRequests: positive('soak', values.soak, quick ? 500 : 100_000, 0),
      soakTargets: list('soak-targets', values['soak-targets'], TARGET_NAMES, ['ours']),
      targets,
      workloads: list('workloads', values.workloads, WORKLOAD_NAMES, WORKLOAD_NAMES),
      profile,
      coldStartRepetitions: Math.round(
        positive('cold-start', values['cold-start'], quick ? 0 : 10, 0),
      ),
    },
  };
}
