import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Request } from 'autocannon';
import type { LoadResult } from './run-load.js';

/** How to drive one paced run: `requestsPerSecond`, evenly spaced, for `durationSeconds`. */
export interface PacedLoadOptions {
  readonly url: string;
  /** Sockets kept alive to the target: at most this many requests in flight; more wait for a socket. */
  readonly connections: number;
  /** A sequence of requests, as autocannon takes it (`setupRequest`, `onResponse` and their context). */
  readonly requests: Request[];
  readonly requestsPerSecond: number;
  readonly durationSeconds: number;
}

/** What one paced run measured: a {@link LoadResult}, plus what was offered and answered in time. */
export interface PacedLoadResult extends LoadResult {
  /** Requests the schedule started within the run. */
  readonly offered: number;
  /** Of those, the ones answered by the end of the run plus one second (the target kept up with its pace). */
  readonly answeredInTime: number;
  /**
   * The latest a start came after its time, in ms: the load generator's own delay (a busy CPU, a
   * pause), which sends the late requests together.
   */
  readonly maxStartLagMs: number;
}

/** A request not answered within this long is an error (autocannon's `timeout: 10` s). */
const TIMEOUT_MS = 10_000;

/** After the last start, how long the answers have to arrive to count as in time. */
const GRACE_MS = 1000;

/** One request as the sequence describes it, with `setupRequest` applied. */
interface Prepared {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: string | Buffer;
}

function prepare(step: Request, context: Record<string, unknown>): Prepared {
  const base = {
    method: step.method ?? 'GET',
    path: step.path ?? '/',
    headers: step.headers ?? {},
    ...(step.body === undefined ? {} : { body: step.body }),
  };
  // autocannon also takes a module path for these; the bench's workloads give functions.
  const setup = typeof step.setupRequest === 'function' ? step.setupRequest : undefined;
  return (setup?.(base as Request, context) ?? base) as Prepared;
}

/**
 * Runs `requests` against the target at `requestsPerSecond`, the starts evenly spaced (open loop: a
 * start does not wait for earlier answers), over at most `connections` keep-alive sockets. A sequence
 * of n requests starts every n / `requestsPerSecond` s, its requests one after the other, so that
 * requests go out at the rate. Unlike autocannon's `overallRate`, which sends each second's quota
 * as fast as the target answers and then waits for the next second, every target sees the same
 * pace: the CPU a request costs it does not depend on how fast it (or its store) answers.
 */
export async function runPacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const { requests, requestsPerSecond, durationSeconds } = options;
  if (requests.length === 0) throw new Error('a paced run needs at least one request');
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let answered = 0;
  let answeredInTime = 0;
  let offered = 0;
  let maxStartLagMs = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const started = performance.now();
  const endMs = durationSeconds * 1000;
  const inTimeUntil = started + endMs + GRACE_MS;

  const send = (
    prepared: Prepared,
    onDone: (status: number, body: string, headers: IncomingHttpHeaders) => void,
  ): Promise<void> =>
    new Promise((resolve) => {
      const sentAt = performance.now();
      const outgoing = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: prepared.method,
          path: prepared.path,
          headers: prepared.headers,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const now = performance.now();
            latencies.push(now - sentAt);
            answered += 1;
            if (now <= inTimeUntil) answeredInTime += 1;
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) non2xx += 1;
            onDone(status, Buffer.concat(chunks).toString('utf8'), response.headers);
            resolve();
          });
          response.on('error', () => {
            errors += 1;
            resolve();
          });
        },
      );
      outgoing.setTimeout(TIMEOUT_MS, () => {
        timeouts += 1;
        outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`));
      });
      outgoing.on('error', () => {
        errors += 1;
        resolve();
      });
      outgoing.end(prepared.body);
    });

  const runSequence = async (): Promise<void> => {
    const context: Record<string, unknown> = {};
    offered += requests.length;
    for (const step of requests) {
      const onResponse = typeof step.onResponse === 'function' ? step.onResponse : undefined;
      await send(prepare(step, context), (status, body, headers) =>
        onResponse?.(status, body, context, headers),
      );
    }
  };

  const interval = (1000 * requests.length) / requestsPerSecond;
  const running: Promise<void>[] = [];
  for (let index = 0; index * interval < endMs; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    maxStartLagMs = Math.max(maxStartLagMs, performance.now() - due);
    running.push(runSequence());
  }
  await Promise.all(running);
  // The schedule's length: the answers of its last starts may come later, and still count.
  const seconds = durationSeconds;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (share: number): number =>
    latencies.length === 0
      ? 0
      : Math.round(
          (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * share))] ?? 0) *
            100,
        ) / 100;
  return {
    completed: answered,
    durationSeconds: seconds,
    requestsPerSecond: seconds > 0 ? answered / seconds : 0,
    latencyMs: {
      p50: at(0.5),
      p99: at(0.99),
      mean:
        latencies.length === 0 ? 0 : latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length,
    },
    non2xx,
    errors,
    timeouts,
    offered,
    answeredInTime,
    maxStartLagMs: Math.round(maxStartLagMs * 10) / 10,
  };
}
