import type { Check, Measurement, Ratio, Soak } from '../bench-result.js';
import { MIN_EQUAL_LOAD_REQUESTS } from '../equal-load.js';
import { WORKLOAD_NAMES, type WorkloadName } from '../load/workloads.js';
import type { TargetName } from '../targets/target-name.js';

const ratio = (ours: number, other: number): number | null =>
  other === 0 ? null : Math.round((ours / other) * 100) / 100;

function find(
  measurements: readonly Measurement[],
  target: TargetName,
  workload: WorkloadName,
): Measurement | undefined {
  return measurements.find((m) => m.target === target && m.workload === workload);
}

const calls = (m: Measurement): number => m.dynamo.readsPerRequest + m.dynamo.writesPerRequest;

/** `ours` against `peer` and `raw`, per workload both ran. */
export function compare(measurements: readonly Measurement[]): Ratio[] {
  const ratios: Ratio[] = [];
  for (const workload of WORKLOAD_NAMES) {
    const ours = find(measurements, 'ours', workload);
    if (ours === undefined) continue;
    for (const against of ['peer', 'raw'] as const) {
      const other = find(measurements, against, workload);
      if (other === undefined) continue;
      ratios.push({
        workload,
        against,
        requestsPerSecond: ratio(ours.requestsPerSecond, other.requestsPerSecond),
        latencyP50: ratio(ours.latencyMs.p50, other.latencyMs.p50),
        latencyP99: ratio(ours.latencyMs.p99, other.latencyMs.p99),
        appCpuPerRequest: ratio(ours.appCpuMsPerRequest, other.appCpuMsPerRequest),
        appCpuPerRequestAtEqualLoad:
          atEqualLoad(ours) && atEqualLoad(other)
            ? ratio(cpuAtEqualLoad(ours), cpuAtEqualLoad(other))
            : null,
        writeUnitsPer1000: ratio(ours.dynamo.writeUnitsPer1000, other.dynamo.writeUnitsPer1000),
        dynamoCallsPerRequest: ratio(calls(ours), calls(other)),
      });
    }
  }
  return ratios;
}

const FLOOR: Partial<Record<WorkloadName, { reads: number; writes: number }>> = {
  anonymous: { reads: 0, writes: 0 },
  read: { reads: 1, writes: 0 },
  write: { reads: 1, writes: 1 },
  'read-20k': { reads: 1, writes: 0 },
  'write-20k': { reads: 1, writes: 1 },
};

/**
 * The targets for `ours`, checked against this run (printed next to the figures), which ran
 * `connections` at a time.
 */
export function checkTargets(
  measurements: readonly Measurement[],
  soak: Soak | undefined,
  connections: number,
): Check[] {
  const checks: Check[] = [];
  for (const [workload, floor] of Object.entries(FLOOR) as [
    WorkloadName,
    { reads: number; writes: number },
  ][]) {
    const ours = find(measurements, 'ours', workload);
    if (ours === undefined) continue;
    const { readsPerRequest: reads, writesPerRequest: writes } = ours.dynamo;
    checks.push({
      goal: `ours, ${workload}: ${floor.reads} read + ${floor.writes} write per request`,
      actual: `${reads} read + ${writes} write`,
      met: reads === floor.reads && writes === floor.writes,
    });
  }
  const oursRead = find(measurements, 'ours', 'read');
  const peerRead = find(measurements, 'peer', 'read');
  if (oursRead !== undefined && peerRead !== undefined) {
    const ours = oursRead.dynamo.writesPerRequest * 1000;
    const peer = peerRead.dynamo.writesPerRequest * 1000;
    checks.push({
      goal: 'writes per 1000 read-only requests: ours at most 1/10 of peer',
      actual: `ours ${ours}, peer ${peer}`,
      met: ours <= peer / 10,
    });
    const speed = oursRead.requestsPerSecond / peerRead.requestsPerSecond;
    checks.push({
      goal: 'read-only requests/s: ours at least 1.5x peer',
      actual: `${speed.toFixed(2)}x`,
      met: speed >= 1.5,
    });
  }
  checks.push(...speedChecks(measurements));
  checks.push(...peerCpuChecks(measurements));
  checks.push(...readModeChecks(measurements));
  checks.push(...protectionChecks(measurements));
  checks.push(...headerTokenChecks(measurements, connections));
  if (soak !== undefined) {
    checks.push({
      goal: `RSS growth of ours over a ${soak.requests}-request read-only soak under 10% (at rest)`,
      actual: `${soak.rssGrowthPercent.toFixed(1)}% (live heap ${soak.heapUsedGrowthPercent.toFixed(1)}%)`,
      met: soak.rssGrowthPercent < 10,
    });
  }
  return checks;
}

/**
 * Whether `m` has an equal-load figure a check can read: it kept up with the rate in every round, with
 * only 2xx answers, over at least `MIN_EQUAL_LOAD_REQUESTS` requests.
 */
function atEqualLoad(m: Measurement): boolean {
  const equal = m.equalLoad;
  return (
    equal !== undefined &&
    equal.keptUp &&
    equal.non2xx === 0 &&
    equal.errors === 0 &&
    equal.requests >= MIN_EQUAL_LOAD_REQUESTS
  );
}

/** What a CPU check says when a target it compares has no figure at equal load it can read. */
const NOT_AT_EQUAL_LOAD =
  'not measured at equal load (none, too few requests, fell behind, or answers not all 2xx)';

/** App CPU per request at equal load (see {@link atEqualLoad} before reading it). */
const cpuAtEqualLoad = (m: Measurement): number => m.equalLoad?.appCpuMsPerRequest ?? NaN;

/** The workloads whose app CPU per request at equal load ours must keep at or below the peer's (#21). */
const PEER_CPU_WORKLOADS: readonly WorkloadName[] = ['write', 'write-20k'];

/**
 * `ours` against `peer` on {@link PEER_CPU_WORKLOADS}: app CPU per request at equal load at most the
 * peer's. A workload where either did not keep up with the equal load (or ran none) is missed, and says so.
 */
function peerCpuChecks(measurements: readonly Measurement[]): Check[] {
  const checks: Check[] = [];
  for (const workload of PEER_CPU_WORKLOADS) {
    const ours = find(measurements, 'ours', workload);
    const peer = find(measurements, 'peer', workload);
    if (ours === undefined || peer === undefined) continue;
    const goal = `${workload} app CPU per request at equal load: ours at most peer`;
    if (!atEqualLoad(ours) || !atEqualLoad(peer)) {
      checks.push({ goal, actual: NOT_AT_EQUAL_LOAD, met: false });
      continue;
    }
    const value = cpuAtEqualLoad(ours) / cpuAtEqualLoad(peer);
    checks.push({
      goal,
      actual: `${value.toFixed(2)}x (${cpuAtEqualLoad(ours)} against ${cpuAtEqualLoad(peer)} ms/request)`,
      met: value <= 1,
    });
  }
  return checks;
}

/** The speed floor against `raw`, per workload: requests/s at least, app CPU per request at most. */
const SPEED_FLOOR: readonly { workload: WorkloadName; speed: number; cpu?: number }[] = [
  { workload: 'read', speed: 0.95, cpu: 1.1 },
  { workload: 'write', speed: 0.9, cpu: 1.15 },
  { workload: 'login-logout', speed: 0.85 },
];

/**
 * `ours` against `raw`'s requests/s and app CPU per request at equal load (missed where either has no
 * figure at equal load a check can read) on the workloads {@link SPEED_FLOOR} names, at raw's read
 * mode: `ours-consistent` where it ran (see `runsWorkload`), else `ours`. Where `raw-twin` ran, each
 * verdict also gives its figure against `raw`: the same app, so what it shows is the noise of the run.
 */
function speedChecks(measurements: readonly Measurement[]): Check[] {
  const checks: Check[] = [];
  for (const { workload, speed, cpu } of SPEED_FLOOR) {
    const consistent = find(measurements, 'ours-consistent', workload);
    const name = consistent === undefined ? 'ours' : 'ours-consistent';
    const ours = consistent ?? find(measurements, 'ours', workload);
    const raw = find(measurements, 'raw', workload);
    if (ours === undefined || raw === undefined) continue;
    const twin = find(measurements, 'raw-twin', workload);
    const against = (figure: (m: Measurement) => number) => {
      const value = figure(ours) / figure(raw);
      const control = twin === undefined ? NaN : figure(twin) / figure(raw);
      const note = Number.isNaN(control) ? '' : ` (raw-twin: ${control.toFixed(2)}x)`;
      return { value, actual: `${value.toFixed(2)}x${note}` };
    };
    const rate = against((m) => m.requestsPerSecond);
    checks.push({
      goal: `${workload} requests/s: ${name} at least ${speed}x raw`,
      actual: rate.actual,
      met: rate.value >= speed,
    });
    if (cpu === undefined) continue;
    const goal = `${workload} app CPU per request at equal load: ${name} at most ${cpu}x raw`;
    // raw-twin is the control: without a figure at equal load it is left out, and decides nothing.
    if (!atEqualLoad(ours) || !atEqualLoad(raw)) {
      checks.push({ goal, actual: NOT_AT_EQUAL_LOAD, met: false });
      continue;
    }
    const cost = against((m) => (atEqualLoad(m) ? cpuAtEqualLoad(m) : NaN));
    checks.push({ goal, actual: cost.actual, met: cost.value <= cpu });
  }
  return checks;
}

/**
 * Read units on the `read` workload: `ours` (`consistentRead: 'auto'`, the default) against
 * `ours-consistent`, with how often `'auto'` fell back to a consistent read.
 */
function readModeChecks(measurements: readonly Measurement[]): Check[] {
  const auto = find(measurements, 'ours', 'read');
  const consistent = find(measurements, 'ours-consistent', 'read');
  if (auto === undefined || consistent === undefined) return [];
  const units = auto.dynamo.readUnitsPer1000 / consistent.dynamo.readUnitsPer1000;
  const { consistentGetItemsPer1000: fallbacks, eventualGetItemsPer1000: eventual } = auto.dynamo;
  return [
    {
      goal: "read units per read request: ours ('auto') at most 0.55x ours-consistent",
      actual: `${units.toFixed(2)}x (${auto.dynamo.readUnitsPer1000} against ${consistent.dynamo.readUnitsPer1000} per 1000; fallbacks: ${fallbacks} consistent per ${eventual} eventual GetItems)`,
      met: units <= 0.55,
    },
  ];
}

/**
 * What compression and encryption cost or save on a 20 KB session: capacity units with and without
 * compression, and the app CPU per request of each variant next to the plain one.
 */
function protectionChecks(measurements: readonly Measurement[]): Check[] {
  const checks: Check[] = [];
  for (const workload of ['read-20k', 'write-20k'] as const) {
    const plain = find(measurements, 'ours', workload);
    const compressed = find(measurements, 'ours-compressed', workload);
    const encrypted = find(measurements, 'ours-encrypted', workload);
    if (plain === undefined) continue;
    const units = (m: Measurement) =>
      workload === 'read-20k' ? m.dynamo.readUnitsPer1000 : m.dynamo.writeUnitsPer1000;
    const kind = workload === 'read-20k' ? 'RCU' : 'WCU';
    if (compressed !== undefined) {
      checks.push({
        goal: `${workload}: ${kind} per request of ours-compressed below ours`,
        actual: `${units(compressed) / 1000} against ${units(plain) / 1000}; app CPU ${compressed.appCpuMsPerRequest} against ${plain.appCpuMsPerRequest} ms/request`,
        met: units(compressed) < units(plain),
      });
    }
    if (encrypted !== undefined) {
      checks.push({
        goal: `${workload}: ours-encrypted makes the same DynamoDB calls as ours`,
        actual: `${calls(encrypted)} against ${calls(plain)} per request; app CPU ${encrypted.appCpuMsPerRequest} against ${plain.appCpuMsPerRequest} ms/request`,
        met: calls(encrypted) === calls(plain),
      });
    }
  }
  return checks;
}

/**
 * How far the calls per request of two targets making the same calls may differ: a round stops
 * wherever its `connections` are, so on `login-logout` each may have sent a login without its logout
 * (a login makes 2 calls, the pair 1.5 per request), at most one call more per connection and round,
 * spread over the requests of the less measured target. One call more on every request is far above.
 */
function sameCallsMargin(a: Measurement, b: Measurement, connections: number): number {
  return (
    (connections * Math.max(a.rounds, b.rounds)) /
    Math.max(Math.min(a.serverRequests, b.serverRequests), 1)
  );
}

/**
 * A header client against a cookie client, per workload both ran (`ours-header`: the speed
 * workloads): the same DynamoDB calls per request (to {@link sameCallsMargin}), with the app CPU of
 * each.
 */
function headerTokenChecks(measurements: readonly Measurement[], connections: number): Check[] {
  const checks: Check[] = [];
  for (const workload of WORKLOAD_NAMES) {
    const cookie = find(measurements, 'ours', workload);
    const header = find(measurements, 'ours-header', workload);
    if (cookie === undefined || header === undefined) continue;
    checks.push({
      goal: `${workload}: ours-header makes the same DynamoDB calls as ours`,
      actual: `${calls(header)} against ${calls(cookie)} per request; app CPU ${header.appCpuMsPerRequest} against ${cookie.appCpuMsPerRequest} ms/request`,
      met: Math.abs(calls(header) - calls(cookie)) <= sameCallsMargin(header, cookie, connections),
    });
  }
  return checks;
}
