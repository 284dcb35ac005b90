import { CallDeadlines } from './call-deadlines.js';

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the milliseconds until `signal` aborts (its reason must be a TimeoutError). */
function abortedAfter(signal: AbortSignal, start: number): Promise<number> {
  return new Promise((resolve, reject) =>
    signal.addEventListener('abort', () => {
      const reason = signal.reason as DOMException;
      if (reason.name !== 'TimeoutError') reject(new Error(`aborted with ${reason.name}`));
      else resolve(performance.now() - start);
    }),
  );
}

describe('CallDeadlines', () => {
  it('gives calls of one window one signal, and a call of a later window another', async () => {
    const deadlines = new CallDeadlines(200);
    const first = deadlines.signal();
    expect(deadlines.signal()).toBe(first);
    await pause(40); // past the window of 20 ms
    expect(deadlines.signal()).not.toBe(first);
  });

  it('aborts a call no sooner than the timeout, with a TimeoutError naming it', async () => {
    const deadlines = new CallDeadlines(60);
    const start = performance.now();
    const signal = deadlines.signal();
    expect(signal.aborted).toBe(false);
    // At least the timeout, whenever in its window the call started (the window is 6 ms).
    expect(await abortedAfter(signal, start)).toBeGreaterThanOrEqual(59);
    expect((signal.reason as DOMException).message).toBe('no answer within 60 ms');
  });

  it('never hands out a signal that has aborted', async () => {
    const deadlines = new CallDeadlines(30);
    const first = deadlines.signal();
    await abortedAfter(first, performance.now());
    expect(deadlines.signal().aborted).toBe(false);
  });
});
