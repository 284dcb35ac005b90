import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { equalLoadRate, EQUAL_LOAD_SHARE, KEPT_UP_SHARE } from '../bench/equal-load.js';
import { runPacedLoad } from '../bench/load/run-paced-load.js';
import type { RoundResult } from '../bench/report/combine-rounds.js';
import { combineEqualLoad, combineRounds } from '../bench/report/combine-rounds.js';
import { COMPARED_TOGETHER, TARGET_NAMES } from '../bench/targets/target-name.js';
import { turnGroups, turnOrder } from '../bench/turn-order.js';

/** A round with only what the equal-load figures read; paced with `offered` (answered in time: all, or `inTime`). */
function round(
  completed: number,
  seconds: number,
  received: number,
  cpuMs: number,
  offered?: number,
  inTime = offered,
  lagMs = 0,
): RoundResult {
  return {
    ...(offered === undefined
      ? {}
      : { paced: { offered, answeredInTime: inTime, maxStartLagMs: lagMs } }),
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
  const alone = (items: string[]) => items.map((item) => [item]);
  const before = (order: string[], target: string) => order[order.indexOf(target) - 1];

  it('runs another target first in each round, from workload to workload too', () => {
    const firsts = (workload: number, items: string[]) =>
      [0, 1, 2, 3].map((round) => turnOrder(alone(items), workload, round)[0]);
    expect(firsts(0, targets)).toEqual(['a', 'b', 'c', 'd']);
    expect(firsts(1, targets)).toEqual(['b', 'c', 'd', 'a']);
    expect(firsts(0, ['ours', 'peer'])).toEqual(['ours', 'peer', 'ours', 'peer']);
    expect(firsts(0, ['x', 'y', 'z'])).toEqual(['x', 'y', 'z', 'x']);
    for (const round of [0, 1, 2, 3])
      expect(turnOrder(alone(targets), 2, round).sort()).toEqual(targets);
  });

  it('does not run a target right after the same one in consecutive rounds', () => {
    for (const workload of [0, 1, 2, 3]) {
      const [even, odd] = [0, 1].map((round) => turnOrder(alone(targets), workload, round)) as [
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

  it('groups the targets a check compares, in the order the groups name them, the rest alone', () => {
    const groups = turnGroups([...TARGET_NAMES], (name) => name, COMPARED_TOGETHER);
    expect(groups).toEqual([
      ['baseline'],
      ['ours-consistent', 'raw', 'raw-twin'],
      ['ours', 'peer'],
      ['ours-compressed'],
      ['ours-encrypted'],
      ['ours-eventual'],
      ['ours-header'],
    ]);
    // A workload some members do not run: the group keeps the ones that do.
    const twentyK = TARGET_NAMES.filter((name) => !['ours-consistent', 'raw-twin'].includes(name));
    expect(turnGroups(twentyK, (name) => name, COMPARED_TOGETHER).slice(0, 3)).toEqual([
      ['baseline'],
      ['raw'],
      ['ours', 'peer'],
    ]);
  });

  it("runs a group's members one right after the other, in the other order every other round", () => {
    const groups = [['a'], ['ours', 'peer'], ['b'], ['c', 'raw', 'd']];
    for (const workload of [0, 1, 2]) {
      const orders = [0, 1, 2, 3].map((round) => turnOrder(groups, workload, round));
      for (const [round, order] of orders.entries()) {
        expect([...order].sort()).toEqual(groups.flat().sort());
        const at = order.indexOf('ours');
        expect(Math.abs(at - order.indexOf('peer'))).toBe(1);
        expect(Math.abs(order.indexOf('raw') - order.indexOf('c'))).toBe(1);
        expect(Math.abs(order.indexOf('raw') - order.indexOf('d'))).toBe(1);
        expect({ round, oursFirst: at < order.indexOf('peer') }).toEqual({
          round,
          oursFirst: round % 2 === 0,
        });
      }
      expect(orders.map((order) => order[0])).not.toEqual(orders.map(() => orders[0]![0]));
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

  it('gives the CPU per request the target received, and whether it kept up in every round', () => {
    const kept = combineEqualLoad([
      { requestsPerSecond: 100, result: round(400, 4, 400, 800, 400) },
      { requestsPerSecond: 50, result: round(200, 4, 200, 600, 200) },
    ]);
    expect(kept).toEqual({
      roundRequestsPerSecond: [100, 50],
      offeredRequestsPerSecond: 75,
      requestsPerSecond: 75,
      keptUp: true,
      requests: 600,
      appCpuMsPerRequest: 2.333,
      dynamoDbLocalCpuMsPerRequest: 2,
      non2xx: 0,
      errors: 0,
      maxStartLagMs: 0,
    });
    // One round behind is enough, even when the others together answered more than was offered.
    const late = Math.ceil(400 * KEPT_UP_SHARE) - 1;
    const behind = combineEqualLoad([
      { requestsPerSecond: 100, result: round(400, 4, 400, 100, 400, late) },
      { requestsPerSecond: 100, result: round(800, 4, 800, 100, 400) },
    ]);
    expect(behind.keptUp).toBe(false);
    // A round not run at a pace (as fast as it answered) has no offered requests: not kept up.
    expect(
      combineEqualLoad([{ requestsPerSecond: 100, result: round(400, 4, 400, 100) }]).keptUp,
    ).toBe(false);
  });

  it('adds the equal-load figures to the measurement, apart from those of the runs as fast as it answered', () => {
    const fast = [round(1000, 4, 1000, 3000)];
    const measurement = combineRounds('ours', 'write', fast, [
      { requestsPerSecond: 100, result: round(400, 4, 400, 800, 400) },
    ]);
    expect(measurement.appCpuMsPerRequest).toBe(3);
    expect(measurement.equalLoad?.appCpuMsPerRequest).toBe(2);
    expect(combineRounds('ours', 'write', fast).equalLoad).toBeUndefined();
  });

  it('keeps the latest start of the rounds, and their CPUs where every round had the target on a CPU of its own', () => {
    const cpus = (targetCpus: string, restBusyShare: number) => ({ targetCpus, restBusyShare });
    const isolated = combineEqualLoad([
      {
        requestsPerSecond: 100,
        result: round(400, 4, 400, 800, 400, 400, 3.5),
        cpus: cpus('0', 0.4),
      },
      {
        requestsPerSecond: 100,
        result: round(400, 4, 400, 800, 400, 400, 12),
        cpus: cpus('0', 0.71),
      },
    ]);
    expect(isolated.maxStartLagMs).toBe(12);
    expect(isolated.isolation).toEqual({ targetCpus: ['0'], maxRestBusyShare: 0.71 });
    const once = combineEqualLoad([
      { requestsPerSecond: 100, result: round(400, 4, 400, 800, 400), cpus: cpus('0', 0.4) },
      { requestsPerSecond: 100, result: round(400, 4, 400, 800, 400) },
    ]);
    expect(once.isolation).toBeUndefined();
  });
});

describe("the benchmark's paced load", () => {
  /** A server answering after `delayMs`, counting what is in flight; its requests' arrival times (ms). */
  async function server(delayMs: number) {
    const arrivals: number[] = [];
    const bodies: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const http = createServer((request, response) => {
      arrivals.push(performance.now());
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(
          `${request.method} ${request.url} ${String(request.headers['x-seq'] ?? '')} ${body}`,
        );
        setTimeout(() => {
          inFlight -= 1;
          response.writeHead(request.url === '/fail' ? 500 : 200, {
            'x-next': String(bodies.length),
          });
          response.end('ok');
        }, delayMs);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      arrivals,
      bodies,
      maxInFlight: () => maxInFlight,
      close: () => new Promise<void>((resolve) => http.close(() => resolve())),
    };
  }

  /** Runs `work` against a {@link server} answering after `delayMs`, closed whatever `work` does. */
  async function withServer(
    delayMs: number,
    work: (target: Awaited<ReturnType<typeof server>>) => Promise<void>,
  ): Promise<void> {
    const target = await server(delayMs);
    try {
      await work(target);
    } finally {
      await target.close();
    }
  }

  it('sends the requests evenly spaced at the rate, not in bursts, and keeps up with a target that can', async () => {
    await withServer(5, async (target) => {
      const result = await runPacedLoad({
        url: target.url,
        connections: 16,
        requests: [{ method: 'GET', path: '/kv' }],
        requestsPerSecond: 200,
        durationSeconds: 1,
      });
      expect(result.offered).toBe(200);
      expect(result.completed).toBe(200);
      expect(result.answeredInTime).toBe(200);
      expect(result.non2xx).toBe(0);
      // Every 100 ms holds about a tenth of them (autocannon's overallRate sends each second's at once).
      const start = target.arrivals[0] ?? 0;
      const perTenth = Array.from(
        { length: 10 },
        (_, tenth) =>
          target.arrivals.filter(
            (at) => at - start >= tenth * 100 && at - start < (tenth + 1) * 100,
          ).length,
      );
      for (const count of perTenth) expect(count).toBeGreaterThanOrEqual(5);
      for (const count of perTenth) expect(count).toBeLessThanOrEqual(50);
      // No bound on requests in flight: a pause of this busy test process bunches a few starts (8 in
      // flight in one CI run) without the client sending in bursts, which the tenths above would show.
    });
  });

  it("tells how late the starts came when the bench's own event loop was held up", async () => {
    await withServer(1, async (target) => {
      // 150 ms of the load generator's loop taken, 100 ms into a run of 40 requests/s.
      setTimeout(() => {
        const until = performance.now() + 150;
        while (performance.now() < until);
      }, 100);
      const result = await runPacedLoad({
        url: target.url,
        connections: 4,
        requests: [{ method: 'GET', path: '/' }],
        requestsPerSecond: 40,
        durationSeconds: 0.5,
      });
      expect(result.maxStartLagMs).toBeGreaterThanOrEqual(100);
      expect(result.offered).toBe(20);
    });
  });

  it('runs a sequence in order with its context, and counts non-2xx answers', async () => {
    await withServer(1, async (target) => {
      const result = await runPacedLoad({
        url: target.url,
        connections: 4,
        requests: [
          {
            method: 'POST',
            path: '/login',
            setupRequest: (request) => ({ ...request, body: 'hello' }),
            onResponse: (_status, _body, context, headers) => {
              (context as { next?: string }).next = String(headers?.['x-next']);
            },
          },
          {
            method: 'POST',
            path: '/fail',
            setupRequest: (request, context) => ({
              ...request,
              headers: { 'x-seq': (context as { next?: string }).next ?? 'none' },
            }),
          },
        ],
        requestsPerSecond: 40,
        durationSeconds: 0.5,
      });
      expect(result.offered).toBe(20);
      expect(result.completed).toBe(20);
      expect(result.non2xx).toBe(10);
      expect(target.bodies.filter((line) => line.startsWith('POST /login'))).toEqual(
        Array.from({ length: 10 }, () => expect.stringMatching(/^POST \/login {2}hello$/)),
      );
      const fails = target.bodies.filter((line) => line.startsWith('POST /fail'));
      expect(fails).toHaveLength(10);
      for (const line of fails) expect(line).toMatch(/^POST \/fail \d+ $/);
    });
  });

  it('tells a target that cannot keep up with the pace: fewer answers in time than offered', async () => {
    // 2 sockets and 50 ms per answer: 40 requests/s at most, against 100 offered.
    await withServer(50, async (target) => {
      const result = await runPacedLoad({
        url: target.url,
        connections: 2,
        requests: [{ method: 'GET', path: '/slow' }],
        requestsPerSecond: 100,
        durationSeconds: 1,
      });
      expect(result.offered).toBe(100);
      expect(result.answeredInTime).toBeLessThan(100 * KEPT_UP_SHARE);
      expect(target.maxInFlight()).toBeLessThanOrEqual(2);
    });
  });
});
