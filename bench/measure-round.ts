import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request } from 'autocannon';
import type { BenchOptions } from './bench-options.js';
import type { ProxySnapshot } from './dynamo/counting-proxy.js';
import type { ProxyReady } from './dynamo/proxy-main.js';
import type { Credential } from './load/credential.js';
import { runLoad } from './load/run-load.js';
import { runPacedLoad } from './load/run-paced-load.js';
import type { Workload } from './load/workloads.js';
import type { ChildHandle } from './process/child-handle.js';
import { processCpuMs } from './process/process-cpu.js';
import type { RoundResult } from './report/combine-rounds.js';
import type { RequestCounts } from './targets/request-counter.js';
import type { TargetReady } from './targets/target-main.js';
import type { TargetName } from './targets/target-name.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the target has finished every request it received and the proxy every DynamoDB call
 * (and no new call came for two polls), so that counts cover whole requests.
 */
export async function settle(
  app: ChildHandle<TargetReady>,
  proxy: ChildHandle<ProxyReady>,
): Promise<void> {
  const total = (snapshot: ProxySnapshot): number =>
    Object.values(snapshot.operations).reduce((sum, count) => sum + count, 0);
  let previous = -1;
  let quiet = 0;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const counts = await app.request<RequestCounts>('counts');
    const snapshot = await proxy.request<ProxySnapshot>('snapshot');
    const calls = total(snapshot);
    quiet = counts.inFlight === 0 && snapshot.inFlight === 0 && calls === previous ? quiet + 1 : 0;
    if (quiet >= 2) return;
    previous = calls;
    await pause(50);
  }
  throw new Error(`${app.name} did not finish its requests within 15 s`);
}

/** A target app the bench started, with the sessions prepared on it (cookies or header tokens). */
export interface RunningTarget {
  readonly name: TargetName;
  readonly app: ChildHandle<TargetReady>;
  readonly url: string;
  /** How its load carries a session (see credential.ts). */
  readonly credential: Credential;
  readonly sessions: readonly string[];
  /** Sessions that also hold {@link LARGE_SESSION_BYTES} of data, for the `-20k` workloads. */
  readonly largeSessions: readonly string[];
}

/** `workload`'s request sequence on `target`: on its small or its large sessions, as its credential carries them. */
export function requestsOn(target: RunningTarget, workload: Workload): Request[] {
  const sessions = workload.largeSessions === true ? target.largeSessions : target.sessions;
  return workload.requests(sessions, target.credential);
}

/** `seconds` of `workload` on `target`, unmeasured. */
export async function warmUp(
  target: RunningTarget,
  workload: Workload,
  connections: number,
  seconds: number,
): Promise<void> {
  await runLoad({
    url: target.url,
    connections,
    requests: requestsOn(target, workload),
    durationSeconds: seconds,
  });
}

/**
 * How a measured run is paced: as fast as the target answers (`requestsPerSecond` undefined: autocannon),
 * or at that rate, evenly spaced, the same for every target of a workload (see `equalLoadRate` and
 * `runPacedLoad`).
 */
export interface Pace {
  readonly requestsPerSecond?: number;
  readonly seconds: number;
}

/**
 * Warms up (at the pace of the run), resets the counters, runs one measured round, waits for the tail,
 * reads the counters.
 */
export async function measureRound(
  options: BenchOptions,
  running: RunningTarget,
  workload: Workload,
  round: number,
  pace: Pace,
  proxy: ChildHandle<ProxyReady>,
  dynamoDbLocalPid: number,
): Promise<RoundResult> {
  const { name: target, app, url } = running;
  const requests = (): Request[] => requestsOn(running, workload);
  const rate = pace.requestsPerSecond;
  const run = async (durationSeconds: number): Promise<Pick<RoundResult, 'load' | 'paced'>> => {
    const load = { url, connections: options.connections, requests: requests(), durationSeconds };
    if (rate === undefined) return { load: await runLoad(load) };
    const paced = await runPacedLoad({ ...load, requestsPerSecond: rate });
    const { offered, answeredInTime, maxStartLagMs } = paced;
    return { load: paced, paced: { offered, answeredInTime, maxStartLagMs } };
  };
  await run(options.warmupSeconds);
  await settle(app, proxy);
  await proxy.request('reset');
  await app.request('reset');
  const profiling = options.profile.includes(target);
  if (profiling) await app.request('profile-start');
  const localCpuBefore = processCpuMs(dynamoDbLocalPid);
  const result = await run(pace.seconds);
  await settle(app, proxy);
  const localCpuAfter = processCpuMs(dynamoDbLocalPid);
  if (profiling) {
    const dir = join(options.outDir, 'profiles');
    await mkdir(dir, { recursive: true });
    const paced = pace.requestsPerSecond === undefined ? '' : '-equal-load';
    const file = `${target}-${workload.name}${paced}-${round + 1}.cpuprofile`;
    await app.request('profile-stop', join(dir, file));
  }
  return {
    ...result,
    counts: await app.request<RequestCounts>('counts'),
    tally: await proxy.request<ProxySnapshot>('snapshot'),
    dynamoDbLocalCpuMs:
      localCpuBefore === undefined || localCpuAfter === undefined
        ? null
        : localCpuAfter - localCpuBefore,
  };
}
