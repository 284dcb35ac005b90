import type { Measurement } from '../bench/bench-result.js';
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
    checkTargets(measurements, undefined)
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
