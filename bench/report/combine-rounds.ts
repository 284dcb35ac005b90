import type { DynamoUsage, EqualLoad, Measurement } from '../bench-result.js';
import { KEPT_UP_SHARE } from '../equal-load.js';
import type { ProxySnapshot } from '../dynamo/counting-proxy.js';
import type { LoadResult } from '../load/run-load.js';
import type { WorkloadName } from '../load/workloads.js';
import type { IsolatedCpus } from '../process/cpu-isolation.js';
import type { RequestCounts } from '../targets/request-counter.js';
import type { TargetName } from '../targets/target-name.js';
import { median } from './spread.js';

/** The raw counts of one measured round of one target on one workload. */
export interface RoundResult {
  readonly load: LoadResult;
  /** The target's requests and CPU during the round. */
  readonly counts: RequestCounts;
  /** The proxy's DynamoDB counts and CPU during the round. */
  readonly tally: ProxySnapshot;
  /** DynamoDB Local's CPU during the round; null where /proc is missing. */
  readonly dynamoDbLocalCpuMs: number | null;
  /**
   * Of a paced round: the requests its schedule started, those answered in time, and the latest start
   * (see `runPacedLoad`).
   */
  readonly paced?: {
    readonly offered: number;
    readonly answeredInTime: number;
    readonly maxStartLagMs: number;
  };
}

/** A round run at an equal load: the rate every target of the workload got, and what was measured. */
export interface EqualLoadRound {
  readonly requestsPerSecond: number;
  readonly result: RoundResult;
  /** What the run saw of its CPUs, where the target had one of its own (see CpuIsolation). */
  readonly cpus?: IsolatedCpus;
}

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

const sum = (values: readonly number[]): number =>
  values.reduce((total, value) => total + value, 0);

function dynamoUsage(tallies: readonly ProxySnapshot[], requests: number): DynamoUsage {
  const operations: Record<string, number> = {};
  for (const tally of tallies) {
    for (const [name, count] of Object.entries(tally.operations)) {
      operations[name] = (operations[name] ?? 0) + count;
    }
  }
  const per = (value: number): number => (requests > 0 ? value / requests : 0);
  const reads = sum(tallies.map((tally) => tally.reads));
  const writes = sum(tallies.map((tally) => tally.writes));
  return {
    operations,
    reads,
    writes,
    readsPerRequest: round(per(reads), 3),
    writesPerRequest: round(per(writes), 3),
    readUnitsPer1000: round(per(sum(tallies.map((tally) => tally.readUnits))) * 1000, 1),
    writeUnitsPer1000: round(per(sum(tallies.map((tally) => tally.writeUnits))) * 1000, 1),
    consistentGetItemsPer1000: round(
      per(sum(tallies.map((tally) => tally.consistentGetItems))) * 1000,
      1,
    ),
    eventualGetItemsPer1000: round(
      per(sum(tallies.map((tally) => tally.eventualGetItems))) * 1000,
      1,
    ),
  };
}

/**
 * One {@link Measurement} from the rounds of a target on a workload: requests/s over all rounds
 * together, the median of the rounds' latency percentiles, and DynamoDB calls and CPU time divided by
 * all the requests the target received; with `equalLoadRounds`, its CPU at equal load too.
 */
export function combineRounds(
  target: TargetName,
  workload: WorkloadName,
  rounds: readonly RoundResult[],
  equalLoadRounds: readonly EqualLoadRound[] = [],
): Measurement {
  const responses = sum(rounds.map((r) => r.load.completed));
  const seconds = sum(rounds.map((r) => r.load.durationSeconds));
  const requests = sum(rounds.map((r) => r.counts.received));
  return {
    target,
    workload,
    rounds: rounds.length,
    responses,
    serverRequests: requests,
    durationSeconds: round(seconds, 2),
    requestsPerSecond: seconds > 0 ? round(responses / seconds, 1) : 0,
    roundRequestsPerSecond: rounds.map((r) => round(r.load.requestsPerSecond, 1)),
    latencyMs: {
      p50: median(rounds.map((r) => r.load.latencyMs.p50)),
      p99: median(rounds.map((r) => r.load.latencyMs.p99)),
      mean:
        responses > 0
          ? round(sum(rounds.map((r) => r.load.latencyMs.mean * r.load.completed)) / responses, 2)
          : 0,
    },
    ...cpuPerRequest(rounds),
    non2xx: sum(rounds.map((r) => r.load.non2xx)),
    errors: sum(rounds.map((r) => r.load.errors)),
    dynamo: dynamoUsage(
      rounds.map((r) => r.tally),
      requests,
    ),
    ...(equalLoadRounds.length === 0 ? {} : { equalLoad: combineEqualLoad(equalLoadRounds) }),
  };
}

/** The app's, the proxy's and DynamoDB Local's CPU time over all the requests the target received in `rounds`. */
function cpuPerRequest(rounds: readonly RoundResult[]) {
  const requests = sum(rounds.map((r) => r.counts.received));
  const perRequest = (ms: number): number => (requests > 0 ? round(ms / requests, 3) : 0);
  const localCpu = rounds.map((r) => r.dynamoDbLocalCpuMs);
  return {
    appCpuMsPerRequest: perRequest(sum(rounds.map((r) => r.counts.cpuMs))),
    proxyCpuMsPerRequest: perRequest(sum(rounds.map((r) => r.tally.cpuMs))),
    dynamoDbLocalCpuMsPerRequest: localCpu.some((ms) => ms === null)
      ? null
      : perRequest(sum(localCpu as number[])),
  };
}

/**
 * One {@link EqualLoad} from the equal-load rounds of a target on a workload. It kept up if, in every
 * round, it answered at least `KEPT_UP_SHARE` of the requests offered in time.
 */
export function combineEqualLoad(rounds: readonly EqualLoadRound[]): EqualLoad {
  const results = rounds.map((r) => r.result);
  const seconds = sum(results.map((r) => r.load.durationSeconds));
  const offered = sum(results.map((r) => r.paced?.offered ?? 0));
  const { appCpuMsPerRequest, dynamoDbLocalCpuMsPerRequest } = cpuPerRequest(results);
  return {
    roundRequestsPerSecond: rounds.map((r) => r.requestsPerSecond),
    offeredRequestsPerSecond: seconds > 0 ? round(offered / seconds, 1) : 0,
    requestsPerSecond:
      seconds > 0 ? round(sum(results.map((r) => r.load.completed)) / seconds, 1) : 0,
    keptUp: results.every(
      (r) => r.paced !== undefined && r.paced.answeredInTime >= r.paced.offered * KEPT_UP_SHARE,
    ),
    requests: sum(results.map((r) => r.counts.received)),
    appCpuMsPerRequest,
    dynamoDbLocalCpuMsPerRequest,
    non2xx: sum(results.map((r) => r.load.non2xx)),
    errors: sum(results.map((r) => r.load.errors)),
    maxStartLagMs: Math.max(0, ...results.map((r) => r.paced?.maxStartLagMs ?? 0)),
    ...isolation(rounds),
  };
}

/** The target's CPUs over the rounds and how busy the rest's were at most, where every round was isolated. */
function isolation(rounds: readonly EqualLoadRound[]): Pick<EqualLoad, 'isolation'> {
  const cpus = rounds.map((r) => r.cpus);
  if (cpus.length === 0 || cpus.some((c) => c === undefined)) return {};
  const seen = cpus as IsolatedCpus[];
  return {
    isolation: {
      targetCpus: [...new Set(seen.map((c) => c.targetCpus))],
      maxRestBusyShare: round(Math.max(...seen.map((c) => c.restBusyShare)), 2),
    },
  };
}
