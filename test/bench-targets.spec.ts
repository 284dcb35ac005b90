import type { ColdStartResult, Measurement } from '../bench/bench-result.js';
import { coldStartChecks } from '../bench/cold-start/cold-start-checks.js';
import { checkTargets } from '../bench/report/compare.js';
import type { WorkloadName } from '../bench/load/workloads.js';
import type { TargetName } from '../bench/targets/target-name.js';

/** A measurement with only the figures the speed targets read. */
function measured(
  target: TargetName,
  workload: WorkloadName,
  requestsPerSecond: number,
  appCpuMsPerRequest: number,
): Measurement {
  return {
    target,
    workload,
    requestsPerSecond,
    appCpuMsPerRequest,
    dynamo: { readsPerRequest: 1, writesPerRequest: 0 },
  } as unknown as Measurement;
}

function verdicts(measurements: Measurement[]): Record<string, string> {
  return Object.fromEntries(
    checkTargets(measurements, undefined, 16)
      .filter((check) => /requests\/s: ours(-consistent)? at least \d|app CPU/.test(check.goal))
      .filter((check) => !check.goal.includes('peer'))
      .map((check) => [check.goal, `${check.actual} ${check.met ? 'met' : 'missed'}`]),
  );
}

describe("the benchmark's speed targets against raw (issue figures)", () => {
  it('checks requests/s and app CPU per request of ours against raw, per workload, at the edges', () => {
    expect(
      verdicts([
        measured('raw', 'read', 1000, 1),
        measured('ours', 'read', 950, 1.1),
        measured('raw', 'write', 1000, 2),
        measured('ours', 'write', 899, 2.32),
        measured('raw', 'login-logout', 1000, 1),
        measured('ours', 'login-logout', 850, 5),
      ]),
    ).toEqual({
      'read requests/s: ours at least 0.95x raw': '0.95x met',
      'read app CPU per request: ours at most 1.1x raw': '1.10x met',
      'write requests/s: ours at least 0.9x raw': '0.90x missed',
      'write app CPU per request: ours at most 1.15x raw': '1.16x missed',
      'login-logout requests/s: ours at least 0.85x raw': '0.85x met',
    });
  });

  it("compares ours-consistent, at raw's read mode, where it ran", () => {
    expect(
      verdicts([
        measured('raw', 'write', 1000, 2),
        measured('ours', 'write', 500, 4),
        measured('ours-consistent', 'write', 950, 2.2),
      ]),
    ).toEqual({
      'write requests/s: ours-consistent at least 0.9x raw': '0.95x met',
      'write app CPU per request: ours-consistent at most 1.15x raw': '1.10x met',
    });
  });

  it("gives raw-twin's figures against raw next to each verdict, which they do not change", () => {
    expect(
      verdicts([
        measured('raw', 'write', 1000, 2),
        measured('raw-twin', 'write', 880, 2.4),
        measured('ours-consistent', 'write', 900, 2.3),
      ]),
    ).toEqual({
      'write requests/s: ours-consistent at least 0.9x raw': '0.90x (raw-twin: 0.88x) met',
      'write app CPU per request: ours-consistent at most 1.15x raw': '1.15x (raw-twin: 1.20x) met',
    });
  });

  it('leaves out a workload that raw or ours did not run', () => {
    expect(verdicts([measured('ours', 'write', 100, 1)])).toEqual({});
  });
});

describe("the benchmark's app CPU at equal load (issue figures)", () => {
  /** A measurement with what the CPU checks read: app CPU as fast as it answered, and at equal load. */
  function loaded(
    target: TargetName,
    workload: WorkloadName,
    appCpuMsPerRequest: number,
    equalLoad?: { cpu: number; keptUp: boolean },
  ): Measurement {
    return {
      ...measured(target, workload, 1000, appCpuMsPerRequest),
      ...(equalLoad === undefined
        ? {}
        : { equalLoad: { appCpuMsPerRequest: equalLoad.cpu, keptUp: equalLoad.keptUp } }),
    } as unknown as Measurement;
  }

  const verdicts = (measurements: Measurement[]) =>
    Object.fromEntries(
      checkTargets(measurements, undefined, 16)
        .filter((check) => check.goal.includes('app CPU'))
        .map((check) => [check.goal, `${check.actual} ${check.met ? 'met' : 'missed'}`]),
    );

  it('checks ours at most the peer on write and write-20k at equal load, at the edge', () => {
    expect(
      verdicts([
        loaded('ours', 'write', 3, { cpu: 2, keptUp: true }),
        loaded('peer', 'write', 2, { cpu: 2, keptUp: true }),
        loaded('ours', 'write-20k', 2, { cpu: 2.01, keptUp: true }),
        loaded('peer', 'write-20k', 3, { cpu: 2, keptUp: true }),
        loaded('ours', 'read', 2, { cpu: 9, keptUp: true }),
        loaded('peer', 'read', 2, { cpu: 1, keptUp: true }),
      ]),
    ).toEqual({
      'write app CPU per request at equal load: ours at most peer':
        '1.00x (2 against 2 ms/request) met',
      'write-20k app CPU per request at equal load: ours at most peer':
        '1.00x (2.01 against 2 ms/request) missed',
    });
  });

  it('misses the peer check where either fell behind the equal load or ran none', () => {
    const notMeasured = 'not measured at equal load (none, or one fell behind) missed';
    expect(
      verdicts([
        loaded('ours', 'write', 1, { cpu: 1, keptUp: true }),
        loaded('peer', 'write', 2, { cpu: 2, keptUp: false }),
        loaded('ours', 'write-20k', 1),
        loaded('peer', 'write-20k', 2, { cpu: 2, keptUp: true }),
      ]),
    ).toEqual({
      'write app CPU per request at equal load: ours at most peer': notMeasured,
      'write-20k app CPU per request at equal load: ours at most peer': notMeasured,
    });
  });

  it('checks the CPU against raw at equal load where ours, raw and raw-twin all kept up with it', () => {
    expect(
      verdicts([
        loaded('raw', 'write', 1, { cpu: 2, keptUp: true }),
        loaded('raw-twin', 'write', 1, { cpu: 2.2, keptUp: true }),
        loaded('ours-consistent', 'write', 3, { cpu: 2.3, keptUp: true }),
      ]),
    ).toEqual({
      'write app CPU per request at equal load: ours-consistent at most 1.15x raw':
        '1.15x (raw-twin: 1.10x) met',
    });
    expect(
      verdicts([
        loaded('raw', 'write', 1, { cpu: 2, keptUp: true }),
        loaded('ours-consistent', 'write', 3, { cpu: 2, keptUp: false }),
      ]),
    ).toEqual({ 'write app CPU per request: ours-consistent at most 1.15x raw': '3.00x missed' });
  });
});

describe("the benchmark's header-token goal: ours-header makes the same DynamoDB calls as ours", () => {
  /** A measurement with only what the goal reads: calls per request, app CPU, rounds and requests. */
  function calls(
    target: TargetName,
    workload: WorkloadName,
    reads: number,
    writes: number,
    serverRequests = 4800,
  ): Measurement {
    return {
      target,
      workload,
      appCpuMsPerRequest: 1.5,
      rounds: 3,
      serverRequests,
      dynamo: { readsPerRequest: reads, writesPerRequest: writes },
    } as unknown as Measurement;
  }

  const verdicts = (measurements: Measurement[]) =>
    Object.fromEntries(
      checkTargets(measurements, undefined, 16)
        .filter((check) => check.goal.includes('ours-header'))
        .map((check) => [check.goal, `${check.actual} ${check.met ? 'met' : 'missed'}`]),
    );

  it('compares the calls per request on each workload both ran', () => {
    expect(
      verdicts([
        calls('ours', 'read', 1, 0),
        calls('ours-header', 'read', 1, 0),
        calls('ours', 'write', 1, 1),
        calls('ours-header', 'write', 2, 1),
        calls('ours', 'login-logout', 0, 1.502),
        calls('ours-header', 'login-logout', 0, 1.508),
        calls('ours', 'read-20k', 1, 0),
      ]),
    ).toEqual({
      'read: ours-header makes the same DynamoDB calls as ours':
        '1 against 1 per request; app CPU 1.5 against 1.5 ms/request met',
      'write: ours-header makes the same DynamoDB calls as ours':
        '3 against 2 per request; app CPU 1.5 against 1.5 ms/request missed',
      'login-logout: ours-header makes the same DynamoDB calls as ours':
        '1.508 against 1.502 per request; app CPU 1.5 against 1.5 ms/request met',
    });
  });

  it('allows what the logins cut short at the end of each round can add: one call per connection and round', () => {
    const loginLogout = (headerWrites: number, serverRequests: number) =>
      verdicts([
        calls('ours', 'login-logout', 0, 1.5, serverRequests),
        calls('ours-header', 'login-logout', 0, headerWrites, serverRequests),
      ])['login-logout: ours-header makes the same DynamoDB calls as ours'];
    // 16 connections x 3 rounds over 4800 requests: 0.01 per request.
    expect(loginLogout(1.509, 4800)).toMatch(/ met$/);
    expect(loginLogout(1.52, 4800)).toMatch(/ missed$/);
    // Over 2400 requests, 0.02.
    expect(loginLogout(1.515, 2400)).toMatch(/ met$/);
    expect(loginLogout(1.525, 2400)).toMatch(/ missed$/);
  });
});

describe("the benchmark's cold-start targets (issue figures)", () => {
  /** A cold-start result with only what the checks read: ours' bundle and import times. */
  function coldStart(addsBytes: number | null, esmMs: number, cjsMs: number): ColdStartResult {
    const ms = (median: number) => ({ median, min: median, max: median, samples: [median] });
    return {
      bundles: [{ target: 'ours', bytes: 200_000, addsBytes, contents: [] }],
      importTimes: [
        { target: 'peer', format: 'esm', modules: [], ms: ms(500) },
        { target: 'ours', format: 'esm', modules: [], ms: ms(esmMs) },
        { target: 'ours', format: 'cjs', modules: [], ms: ms(cjsMs) },
      ],
    } as unknown as ColdStartResult;
  }

  const verdicts = (result: ColdStartResult) =>
    Object.fromEntries(
      coldStartChecks(result).map((check) => [
        check.goal,
        `${check.actual} ${check.met ? 'met' : 'missed'}`,
      ]),
    );

  it('checks what ours adds to the bundle (150 KB of 1024 bytes) and to the import time (30 ms), at the edges', () => {
    expect(verdicts(coldStart(150 * 1024, 30, 30.1))).toEqual({
      'bundle: ours adds at most 150 KB to a bare Nest app (minified, Nest and the AWS SDK external)':
        '150 KB (153600 bytes) met',
      'import time: ours (ES module, import()) adds at most 30 ms to a bare Nest app':
        'median 30 ms (30 to 30, 1 processes) met',
      'import time: ours (CommonJS, require()) adds at most 30 ms to a bare Nest app':
        'median 30.1 ms (30.1 to 30.1, 1 processes) missed',
    });
    expect(verdicts(coldStart(150 * 1024 + 1, 10, 10))).toMatchObject({
      'bundle: ours adds at most 150 KB to a bare Nest app (minified, Nest and the AWS SDK external)':
        '150 KB (153601 bytes) missed',
    });
  });

  it('leaves the bundle out without a baseline to compare with', () => {
    expect(Object.keys(verdicts(coldStart(null, 10, 10)))).toEqual([
      'import time: ours (ES module, import()) adds at most 30 ms to a bare Nest app',
      'import time: ours (CommonJS, require()) adds at most 30 ms to a bare Nest app',
    ]);
  });
});
