import { setMaxListeners } from 'node:events';

/** The longest a call's deadline may pass `timeoutMs` (calls of one window share a signal). */
const MAX_WINDOW_MS = 100;

/**
 * The abort signals that bound store calls to `timeoutMs`, retries included. Calls that start within
 * one window (a tenth of the timeout, at most 100 ms) share one signal, aborted `timeoutMs` after
 * the window ends: each call has at least `timeoutMs`, and at most one window more. One controller and
 * one timer per window rather than per call: on a busy server most calls share them (a controller and
 * its timer cost about as much CPU as the rest of the library's share of a read).
 */
export class CallDeadlines {
  private readonly windowMs: number;
  private current: AbortSignal | undefined;
  private currentUntil = 0;

  constructor(private readonly timeoutMs: number) {
    this.windowMs = Math.max(1, Math.min(MAX_WINDOW_MS, Math.floor(timeoutMs / 10)));
  }

  /** The signal of a call that starts now. */
  signal(): AbortSignal {
    const now = performance.now();
    // An aborted one too (a clock that timers and performance.now() do not share, as fake timers).
    if (this.current === undefined || now >= this.currentUntil || this.current.aborted) {
      this.current = this.open();
      this.currentUntil = now + this.windowMs;
    }
    return this.current;
  }

  private open(): AbortSignal {
    const controller = new AbortController();
    // Every call of the window listens to it: no leak, however many there are.
    setMaxListeners(0, controller.signal);
    const timeoutMs = this.timeoutMs;
    // Unref'd: a call in flight keeps the process alive by its socket, a deadline alone does not.
    setTimeout(
      () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs + this.windowMs,
    ).unref();
    return controller.signal;
  }
}
