import type { BenchResult, EqualLoad } from '../bench-result.js';
import type { Table } from './table.js';

/** A figure with at most `digits` decimals, without trailing zeros. */
export function figure(value: number | null, digits = 2): string {
  if (value === null) return 'n/a';
  return String(Math.round(value * 10 ** digits) / 10 ** digits);
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** Per target and workload: speed, latency and DynamoDB work per request. */
export function measurementTable(result: BenchResult): Table {
  return {
    headers: [
      'target',
      'workload',
      'req/s',
      'req/s by round',
      'p50 ms',
      'p99 ms',
      'app CPU ms/req',
      'DDB Local CPU ms/req',
      'app CPU ms/req at equal load (req/s)',
      'reads/req',
      'writes/req',
      'RCU/1k req',
      'WCU/1k req',
      'GetItem consistent/eventual per 1k req',
      'non-2xx',
    ],
    align: ['left', 'left', ...Array<'right'>(13).fill('right')],
    rows: result.measurements.map((m) => [
      m.target,
      m.workload,
      figure(m.requestsPerSecond, 0),
      m.roundRequestsPerSecond.map((rate) => figure(rate, 0)).join(' '),
      figure(m.latencyMs.p50),
      figure(m.latencyMs.p99),
      figure(m.appCpuMsPerRequest, 3),
      figure(m.dynamoDbLocalCpuMsPerRequest, 3),
      atEqualLoad(m.equalLoad),
      figure(m.dynamo.readsPerRequest, 3),
      figure(m.dynamo.writesPerRequest, 3),
      figure(m.dynamo.readUnitsPer1000, 0),
      figure(m.dynamo.writeUnitsPer1000, 0),
      `${figure(m.dynamo.consistentGetItemsPer1000, 1)} / ${figure(m.dynamo.eventualGetItemsPer1000, 1)}`,
      String(m.non2xx + m.errors),
    ]),
  };
}

/** App CPU per request at equal load, with the rate (and what was answered, where the target fell behind). */
function atEqualLoad(equalLoad: EqualLoad | undefined): string {
  if (equalLoad === undefined) return 'n/a';
  const { appCpuMsPerRequest, offeredRequestsPerSecond, requestsPerSecond, keptUp } = equalLoad;
  const rate = keptUp
    ? figure(offeredRequestsPerSecond, 0)
    : `${figure(requestsPerSecond, 0)} of ${figure(offeredRequestsPerSecond, 0)}: fell behind`;
  return `${figure(appCpuMsPerRequest, 3)} (${rate})`;
}

/** `ours` divided by `peer` and by `raw`, per workload. */
export function ratioTable(result: BenchResult): Table {
  return {
    headers: [
      'workload',
      'vs',
      'req/s ratio',
      'p50 ratio',
      'p99 ratio',
      'CPU/req ratio',
      'CPU/req ratio at equal load',
      'DynamoDB calls ratio',
      'WCU ratio',
    ],
    align: ['left', 'left', ...Array<'right'>(7).fill('right')],
    rows: result.ratios.map((r) => [
      r.workload,
      `ours/${r.against}`,
      figure(r.requestsPerSecond),
      figure(r.latencyP50),
      figure(r.latencyP99),
      figure(r.appCpuPerRequest),
      figure(r.appCpuPerRequestAtEqualLoad),
      figure(r.dynamoCallsPerRequest),
      figure(r.writeUnitsPer1000),
    ]),
  };
}

/** The targets, met or missed. */
export function checksTable(result: BenchResult): Table {
  return {
    headers: ['target', 'this run', 'met'],
    align: ['left', 'left', 'left'],
    rows: result.checks.map((check) => [check.goal, check.actual, check.met ? 'yes' : 'MISSED']),
  };
}

/** Each soak, in one sentence. */
export function soakSummary(result: BenchResult): string {
  if (result.soaks.length === 0) return 'No soak in this run.';
  const signed = (percent: number): string => `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
  return result.soaks
    .map((soak) => {
      const loaded = soak.samples.map((sample) => sample.rss);
      return (
        `Soak of ${soak.target} (${soak.workload} workload, ${soak.requests} requests at ${figure(soak.requestsPerSecond, 0)} req/s, ` +
        `${soak.non2xx} non-2xx): at rest (forced GCs), RSS ${mib(soak.before.rss)} MiB before and ${mib(soak.after.rss)} MiB after ` +
        `(${signed(soak.rssGrowthPercent)}), live heap ${mib(soak.before.heapUsed)} -> ${mib(soak.after.heapUsed)} MiB ` +
        `(${signed(soak.heapUsedGrowthPercent)}). Under load, RSS after each tenth: ${loaded.map(mib).join(', ')} MiB ` +
        `(V8's GC sawtooth: heap total ${soak.samples.map((sample) => mib(sample.heapTotal)).join(', ')} MiB).`
      );
    })
    .join('\n\n');
}

/** The warm-up pass, as the settings sentence names it (nothing when there was none). */
function warmUpPass(seconds: number | undefined): string {
  return seconds === undefined || seconds === 0
    ? ''
    : `, then ${seconds} s of each workload on each target, unmeasured`;
}

/** The equal-load runs, as the settings sentence names them (nothing when there were none). */
function equalLoadRuns(equalLoad: BenchResult['settings']['equalLoad']): string {
  if (equalLoad === undefined || equalLoad.seconds === 0) return '';
  const { seconds, share, cpus } = equalLoad;
  const where =
    cpus === undefined
      ? ''
      : cpus === null
        ? ' Those runs shared every CPU with DynamoDB Local.'
        : ` In those runs the target's threads were pinned to CPU ${cpus.target}, and DynamoDB Local, the counting proxy, the load generator and the other targets to CPU ${cpus.rest} (the machine's other tenants share both).`;
  return ` Each round then ran every target for ${seconds} s at one rate for all: ${share} of the slowest target's requests/s in that round (app CPU at equal load).${where}`;
}

/** The groups of targets measured one right after the other, as the settings sentence names them. */
function sideBySide(groups: readonly (readonly string[])[] | undefined): string {
  if (groups === undefined || groups.length === 0) return '';
  const names = (group: readonly string[]) =>
    group.length > 1 ? `${group.slice(0, -1).join(', ')} and ${group.at(-1)}` : group.join('');
  return ` The targets a check compares (with raw-twin, the control) ran one right after the other in each round, wherever they ran together: ${groups.map(names).join('; ')}.`;
}

/** The machine and settings, in one sentence. */
export function setupSummary(result: BenchResult): string {
  const { machine, settings, source } = result;
  const revision =
    source.commit === null
      ? ''
      : ` Library at commit ${source.commit.slice(0, 7)}${source.srcModified ? ' with uncommitted changes in src/' : ''}.`;
  return (
    `Node ${machine.node} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os} ` +
    `(load average ${machine.loadAverageAtStart} at start). ${result.mode} run: ${settings.connections} connections, ` +
    `${settings.rounds} round(s) of ${settings.durationSeconds} s measured after ${settings.warmupSeconds} s of warm-up per target and workload, targets taking turns ` +
    `(and first ${settings.dynamoWarmUpSeconds} s of DynamoDB Local warm-up${warmUpPass(settings.warmUpPassSeconds)}), ${settings.sessionsPerTarget} sessions per target.` +
    sideBySide(settings.comparedTogether) +
    equalLoadRuns(settings.equalLoad) +
    revision
  );
}
