import type { BundleContent } from './cold-start/bundle-target.js';
import type { ModuleFormat } from './cold-start/cold-start-targets.js';
import type { WorkloadName } from './load/workloads.js';
import type { Machine } from './machine.js';
import type { CpuSplit } from './process/cpu-isolation.js';
import type { Spread } from './report/spread.js';
import type { SourceRevision } from './source-revision.js';
import type { TargetMemory } from './targets/target-main.js';
import type { TargetName } from './targets/target-name.js';

/** DynamoDB work per request of one target on one workload, from the counting proxy. */
export interface DynamoUsage {
  /** Calls per operation during the measurement, e.g. `{ "GetItem": 12000 }`. */
  readonly operations: Readonly<Record<string, number>>;
  /** Items read (see docs/benchmark.md for what counts). */
  readonly reads: number;
  /** Items written. */
  readonly writes: number;
  readonly readsPerRequest: number;
  readonly writesPerRequest: number;
  /** Read capacity units per 1000 requests (consistent reads: 1 per 4 KB item). */
  readonly readUnitsPer1000: number;
  /** Write capacity units per 1000 requests (1 per KB of item, GSI included, transactions doubled). */
  readonly writeUnitsPer1000: number;
  /** GetItems per 1000 requests that read strongly consistently (with `'auto'`: the fallbacks). */
  readonly consistentGetItemsPer1000: number;
  /** GetItems per 1000 requests that read eventually. */
  readonly eventualGetItemsPer1000: number;
}

/** One target under one workload. */
export interface Measurement {
  readonly target: TargetName;
  readonly workload: WorkloadName;
  /** Measured rounds (the targets take turns between rounds); the figures cover them all. */
  readonly rounds: number;
  /** Responses the load generator received during the measurement. */
  readonly responses: number;
  /** Requests the target's server received (the denominator of the per-request DynamoDB figures). */
  readonly serverRequests: number;
  readonly durationSeconds: number;
  /** All the rounds' responses over all their seconds. */
  readonly requestsPerSecond: number;
  /** Each round's requests/s: how noisy the machine was. */
  readonly roundRequestsPerSecond: readonly number[];
  /** p50 and p99: the median of the rounds'; mean: over all responses. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly mean: number };
  /**
   * CPU time of the target's process per request, in milliseconds: less noisy than requests/s on a
   * shared machine, and what the app itself costs (DynamoDB Local, the proxy and the load generator
   * use CPU of their own).
   */
  readonly appCpuMsPerRequest: number;
  /** CPU time of the counting proxy per request (the same work for every DynamoDB call). */
  readonly proxyCpuMsPerRequest: number;
  /** CPU time of DynamoDB Local (the JVM) per request, from /proc; null where /proc is missing. */
  readonly dynamoDbLocalCpuMsPerRequest: number | null;
  /** Responses that were not 2xx: a healthy run has none. */
  readonly non2xx: number;
  readonly errors: number;
  readonly dynamo: DynamoUsage;
  /** The same workload at one rate for every target (none where the run had no equal-load runs). */
  readonly equalLoad?: EqualLoad;
}

/**
 * A target's runs of a workload at the requests/s every target of that workload got in the same round
 * (see `equalLoadRate`), evenly spaced (see `runPacedLoad`): its app CPU per request at the same pace
 * as the others', whatever the speed of its store or of its neighbours.
 */
export interface EqualLoad {
  /** The rate of each round (the same for every target of the workload in that round). */
  readonly roundRequestsPerSecond: readonly number[];
  /** The requests offered over all the rounds' seconds, and those answered over them. */
  readonly offeredRequestsPerSecond: number;
  readonly requestsPerSecond: number;
  /**
   * Whether, in every round, it answered at least `KEPT_UP_SHARE` of the offered requests in time: else
   * it fell behind, and its figures are not at the equal load.
   */
  readonly keptUp: boolean;
  /** Requests the target received in these rounds (the denominator of the CPU figures). */
  readonly requests: number;
  readonly appCpuMsPerRequest: number;
  readonly dynamoDbLocalCpuMsPerRequest: number | null;
  readonly non2xx: number;
  readonly errors: number;
  /** The latest a paced start came after its time over the rounds, in ms (see `runPacedLoad`). */
  readonly maxStartLagMs?: number;
  /**
   * Where every round gave the target a CPU of its own (see CpuIsolation): the CPU lists its threads
   * had at the end of the rounds, and the busiest the other CPUs were over a round (1: throughout).
   */
  readonly isolation?: {
    readonly targetCpus: readonly string[];
    readonly maxRestBusyShare: number;
  };
}

/** `ours` divided by another target on one workload (null where the divisor is 0). */
export interface Ratio {
  readonly workload: WorkloadName;
  readonly against: 'peer' | 'raw';
  readonly requestsPerSecond: number | null;
  readonly latencyP50: number | null;
  readonly latencyP99: number | null;
  readonly appCpuPerRequest: number | null;
  /** The same at equal load (null where either has no equal-load figure a check can read). */
  readonly appCpuPerRequestAtEqualLoad: number | null;
  readonly writeUnitsPer1000: number | null;
  readonly dynamoCallsPerRequest: number | null;
}

/** A target's memory under load (bytes, no GC forced) after so many requests of a soak. */
export interface SoakSample extends TargetMemory {
  readonly requests: number;
}

/**
 * The memory of a target before and after many read-only requests. `before` and `after` are at rest
 * (forced GCs until RSS stops falling), so that they compare; `samples` are under load.
 */
export interface Soak {
  readonly target: TargetName;
  readonly workload: WorkloadName;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly non2xx: number;
  readonly before: TargetMemory;
  readonly after: TargetMemory;
  /** (after.rss - before.rss) / before.rss, in percent. */
  readonly rssGrowthPercent: number;
  /** The same for the live heap. */
  readonly heapUsedGrowthPercent: number;
  /** Memory under load after each tenth of the soak: whether RSS levels off or keeps growing. */
  readonly samples: readonly SoakSample[];
}

/** One of the targets, checked against this run's figures. */
export interface Check {
  readonly goal: string;
  readonly actual: string;
  readonly met: boolean;
}

/** One target's app bundled with esbuild (see {@link ColdStartResult.bundler}). */
export interface BundleSize {
  readonly target: TargetName;
  readonly bytes: number;
  /** `bytes` minus the `baseline` bundle's (a bare Nest app): what the target adds; null without it. */
  readonly addsBytes: number | null;
  /** Bytes of the bundle per package (`(app)`: the bench's code; `(esbuild)`: its own), largest first. */
  readonly contents: readonly BundleContent[];
}

/** What loading a target's session code adds to a bare Nest app's import time, in one format. */
export interface ImportTime {
  readonly target: TargetName;
  readonly format: ModuleFormat;
  /** What was loaded after the bare app's modules, in order. */
  readonly modules: readonly string[];
  /** Milliseconds, one sample per fresh process. */
  readonly ms: Spread;
}

/** A fresh process running a target's bundle, until its first request needing a session was answered. */
export interface ColdStart {
  readonly target: TargetName;
  /** The request timed, e.g. `POST /auth/login`. */
  readonly request: string;
  /** Milliseconds from the spawn to the response, one sample per fresh process. */
  readonly ms: Spread;
  /** The median minus `baseline`'s; null without it. */
  readonly addsMs: number | null;
}

/** The cold-start step: bundle sizes, import times and cold starts of the targets it ran on. */
export interface ColdStartResult {
  /** Fresh processes per target for the import times and for the cold starts (each after one unmeasured). */
  readonly repetitions: number;
  readonly bundler: {
    readonly esbuild: string;
    /** The settings of every bundle, as a command to run on an app's compiled entry. */
    readonly command: string;
  };
  /** What every import time loads first, in the format measured. */
  readonly bareAppModules: readonly string[];
  readonly bundles: readonly BundleSize[];
  readonly importTimes: readonly ImportTime[];
  readonly coldStarts: readonly ColdStart[];
}

/** Everything a bench run produced: what `latest.json` holds. */
export interface BenchResult {
  readonly mode: 'full' | 'quick';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly source: SourceRevision;
  readonly settings: {
    readonly connections: number;
    readonly rounds: number;
    readonly durationSeconds: number;
    readonly warmupSeconds: number;
    readonly dynamoWarmUpSeconds: number;
    /** Absent in results written before the warm-up pass existed. */
    readonly warmUpPassSeconds?: number;
    /**
     * The targets each round measured one right after the other (see `turnOrder`), where they ran.
     * Absent in results written before the compared targets were measured side by side.
     */
    readonly comparedTogether?: readonly (readonly TargetName[])[];
    /** Absent in results written before the equal-load runs existed. */
    readonly equalLoad?: {
      readonly seconds: number;
      readonly share: number;
      /**
       * The CPUs of the equal-load runs: the target's own and the rest's (see CpuIsolation); null where
       * they shared every CPU. Absent in results written before the runs were isolated.
       */
      readonly cpus?: CpuSplit | null;
    };
    readonly sessionsPerTarget: number;
    readonly soakRequests: number;
    readonly loadGenerator: string;
    readonly writeUnits: string;
  };
  readonly targets: readonly TargetName[];
  readonly workloads: readonly { readonly name: WorkloadName; readonly description: string }[];
  readonly measurements: readonly Measurement[];
  readonly ratios: readonly Ratio[];
  /** One per soaked target (`ours` unless `--soak-targets` says otherwise). */
  readonly soaks: readonly Soak[];
  readonly checks: readonly Check[];
  /** Absent when the run had no cold-start step (`--cold-start 0`, quick runs by default, older results). */
  readonly coldStart?: ColdStartResult;
}
