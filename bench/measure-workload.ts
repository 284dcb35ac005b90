import type { BenchOptions } from './bench-options.js';
import type { Measurement } from './bench-result.js';
import type { ProxyReady } from './dynamo/proxy-main.js';
import { equalLoadRate } from './equal-load.js';
import type { Workload } from './load/workloads.js';
import { measureRound, type Pace, type RunningTarget } from './measure-round.js';
import type { ChildHandle } from './process/child-handle.js';
import type { CpuIsolation, IsolatedCpus } from './process/cpu-isolation.js';
import { combineRounds, type EqualLoadRound, type RoundResult } from './report/combine-rounds.js';
import { COMPARED_TOGETHER, runsWorkload, type TargetName } from './targets/target-name.js';
import { turnGroups, turnOrder } from './turn-order.js';

/** Where a workload's rounds run, and where their progress lines go. */
export interface WorkloadStage {
  readonly options: BenchOptions;
  readonly running: readonly RunningTarget[];
  readonly proxy: ChildHandle<ProxyReady>;
  readonly dynamoDbLocalPid: number;
  /** Where the equal-load runs get the target a CPU of its own (see CpuIsolation); undefined elsewhere. */
  readonly isolation: CpuIsolation | undefined;
  readonly log: (line: string) => void;
}

/**
 * Every target that runs `workload` (the `workloadIndex`th of the run), in `options.rounds` rounds, the
 * targets taking turns (see `turnOrder`). Each round runs every target as fast as it answers; then, with
 * `options.equalLoadSeconds`, every target again at one rate for all (see `equalLoadRate`), alone on a
 * CPU where `isolation` allows it.
 */
export async function measureWorkload(
  { options, running, proxy, dynamoDbLocalPid, isolation, log }: WorkloadStage,
  workload: Workload,
  workloadIndex: number,
): Promise<Measurement[]> {
  const measured = running.filter(({ name }) => runsWorkload(name, workload.name));
  const groups = turnGroups(measured, ({ name }) => name, COMPARED_TOGETHER);
  const rounds = new Map<TargetName, RoundResult[]>();
  const equalLoadRounds = new Map<TargetName, EqualLoadRound[]>();
  // Off the target's CPU in its isolated runs: the store side, the load generator and the idle targets.
  const storeSide = [dynamoDbLocalPid, pidOf(proxy), process.pid];
  const add = <T>(map: Map<TargetName, T[]>, name: TargetName, value: T) =>
    map.set(name, [...(map.get(name) ?? []), value]);
  for (let round = 0; round < options.rounds; round += 1) {
    const order = turnOrder(groups, workloadIndex, round);
    const measure = (target: RunningTarget, pace: Pace) =>
      measureRound(options, target, workload, round, pace, proxy, dynamoDbLocalPid);
    const rates: number[] = [];
    for (const target of order) {
      const result = await measure(target, { seconds: options.durationSeconds });
      add(rounds, target.name, result);
      rates.push(result.load.requestsPerSecond);
      log(`[${target.name}] ${workload.name}, round ${round + 1}: ${describe(result)}`);
    }
    if (options.equalLoadSeconds <= 0) continue;
    const requestsPerSecond = equalLoadRate(rates);
    for (const target of order) {
      const paced = () => measure(target, { seconds: options.equalLoadSeconds, requestsPerSecond });
      let result: RoundResult;
      let cpus: IsolatedCpus | undefined;
      if (isolation === undefined) result = await paced();
      else {
        const rest = [
          ...storeSide,
          ...running.filter((t) => t !== target).map((t) => pidOf(t.app)),
        ];
        ({ value: result, cpus } = await isolation.isolated(pidOf(target.app), rest, paced));
      }
      add(equalLoadRounds, target.name, { requestsPerSecond, result, ...(cpus && { cpus }) });
      log(
        `[${target.name}] ${workload.name}, round ${round + 1} at ${requestsPerSecond} req/s (equal load): ${describe(result)}` +
          `, starts at most ${result.paced?.maxStartLagMs ?? 0} ms late` +
          (cpus === undefined
            ? ''
            : `, alone on CPU ${cpus.targetCpus}, the others ${Math.round(cpus.restBusyShare * 100)}% busy`),
      );
    }
  }
  return [...rounds].map(([name, results]) =>
    combineRounds(name, workload.name, results, equalLoadRounds.get(name)),
  );
}

function pidOf(child: ChildHandle<unknown>): number {
  if (child.pid === undefined) throw new Error(`${child.name} has no process id`);
  return child.pid;
}

function describe({ load, counts, tally }: RoundResult): string {
  const per = (value: number): string =>
    counts.received > 0 ? String(Math.round((value / counts.received) * 1000) / 1000) : '0';
  const problems =
    load.non2xx + load.errors > 0 ? `, ${load.non2xx} non-2xx, ${load.errors} errors` : '';
  return (
    `${Math.round(load.requestsPerSecond)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, ` +
    `app CPU ${per(counts.cpuMs)} ms/request, ${per(tally.reads)} reads + ${per(tally.writes)} writes per request${problems}`
  );
}
