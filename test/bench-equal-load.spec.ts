import { equalLoadRate, EQUAL_LOAD_SHARE, KEPT_UP_SHARE } from '../bench/equal-load.js';
import type { RoundResult } from '../bench/report/combine-rounds.js';
import { combineEqualLoad, combineRounds } from '../bench/report/combine-rounds.js';
import { turnOrder } from '../bench/turn-order.js';

/** A round with only what the equal-load figures read. */
function round(completed: number, seconds: number, received: number, cpuMs: number): RoundResult {
  return {
    load: {
      completed,
      durationSeconds: seconds,
      requestsPerSecond: completed / seconds,
      latencyMs: { p50: 1, p99: 2, mean: 1 },
      non2xx: 0,
      errors: 0,
      timeouts: 0,
    },
    counts: { received, inFlight: 0, cpuMs },
    tally: { operations: {}, reads: 0, writes: 0, cpuMs: 0 },
    dynamoDbLocalCpuMs: 2 * received,
  } as unknown as RoundResult;
}

describe("the benchmark's turn order", () => {
  const targets = ['a', 'b', 'c', 'd'];
  const before = (order: string[], target: string) => order[order.indexOf(target) - 1];

  it('rotates the first target from round to round and workload to workload', () => {
    expect(turnOrder(targets, 0, 0)).toEqual(['a', 'b', 'c', 'd']);
    expect(turnOrder(targets, 0, 2)).toEqual(['c', 'd', 'a', 'b']);
    expect(turnOrder(targets, 1, 0)).toEqual(['b', 'c', 'd', 'a']);
  });

  it('does not run a target right after the same one in consecutive rounds', () => {
    for (const workload of [0, 1, 2, 3]) {
      const [even, odd] = [0, 1].map((round) => turnOrder(targets, workload, round)) as [
        string[],
        string[],
      ];
      for (const target of targets) {
        const neighbours = [before(even, target), before(odd, target)];
        if (neighbours.includes(undefined)) continue; // first in one of them
        expect({ workload, target, same: neighbours[0] === neighbours[1] }).toEqual({
          workload,
          target,
          same: false,
        });
      }
    }
  });
});

describe("the benchmark's equal load", () => {
  it('offers every target a share of the slowest one’s requests/s in the round', () => {
    expect(EQUAL_LOAD_SHARE).toBeLessThan(1);
    expect(equalLoadRate([500, 300, 420])).toBe(Math.floor(300 * EQUAL_LOAD_SHARE));
    expect(equalLoadRate([0.5])).toBe(1);
    expect(() => equalLoadRate([])).toThrow(/no requests\/s/);
  });

  it('gives the CPU per request the target received, and whether it kept up with the offered rate', () => {
    const kept = combineEqualLoad([
      { requestsPerSecond: 100, result: round(400, 4, 400, 800) },
      { requestsPerSecond: 50, result: round(200, 4, 200, 600) },
    ]);
    expect(kept).toEqual({
      roundRequestsPerSecond: [100, 50],
      offeredRequestsPerSecond: 75,
      requestsPerSecond: 75,
      keptUp: true,
      appCpuMsPerRequest: 2.333,
      dynamoDbLocalCpuMsPerRequest: 2,
      non2xx: 0,
      errors: 0,
    });
    const answered = Math.ceil(400 * KEPT_UP_SHARE) - 1;
    const behind = combineEqualLoad([
      { requestsPerSecond: 100, result: round(answered, 4, answered, 100) },
    ]);
    expect(behind.keptUp).toBe(false);
    expect(behind.requestsPerSecond).toBeCloseTo(answered / 4, 1);
  });

  it('adds the equal-load figures to the measurement, apart from those of the runs as fast as it answered', () => {
    const fast = [round(1000, 4, 1000, 3000)];
    const measurement = combineRounds('ours', 'write', fast, [
      { requestsPerSecond: 100, result: round(400, 4, 400, 800) },
    ]);
    expect(measurement.appCpuMsPerRequest).toBe(3);
    expect(measurement.equalLoad?.appCpuMsPerRequest).toBe(2);
    expect(combineRounds('ours', 'write', fast).equalLoad).toBeUndefined();
  });
});
