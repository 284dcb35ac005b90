import autocannon, { type Request } from 'autocannon';

/** How to drive one autocannon run: for `durationSeconds`, or until `amount` responses. */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly requests: Request[];
  readonly durationSeconds?: number;
  readonly amount?: number;
}

/** What one autocannon run measured. */
export interface LoadResult {
  /** Responses received. */
  readonly completed: number;
  readonly durationSeconds: number;
  /** `completed / durationSeconds`. */
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly mean: number };
  readonly non2xx: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly timeouts: number;
}

/** Runs autocannon (HTTP/1.1 keep-alive, no pipelining) in this process. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    timeout: 10,
    // autocannon checks its stop flag once per sample: sample often, so a run lasts what it was told.
    sampleInt: 100,
    requests: options.requests,
    ...(options.amount === undefined
      ? { duration: options.durationSeconds ?? 10 }
      : { amount: options.amount }),
  });
  const completed = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    completed,
    durationSeconds: result.duration,
    requestsPerSecond: result.duration > 0 ? completed / result.duration : 0,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
