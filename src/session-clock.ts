/**
 * Where the library reads the time (epoch milliseconds): the session core and the repositories read
 * `now()` instead of `Date.now()`, so a test can control the time (see `TestClock` in
 * `nestjs-dynamodb-session/testing`). Provided by the module as {@link systemClock}; replace it with
 * `overrideProvider(SessionClock)` in a test.
 */
export interface SessionClock {
  now(): number;
}

/** Injection token of {@link SessionClock} (same name, as in `@nestjs/throttler`). */
export const SessionClock = Symbol('SessionClock');

/** The real time. */
export const systemClock: SessionClock = { now: () => Date.now() };
