import { Injectable } from '@nestjs/common';
import type { SessionClock } from '../session-clock.js';

/**
 * A {@link SessionClock} that moves only when the test moves it: `advance(ms)` to let a session
 * expire without waiting, `set(time)` to jump to a moment. Starts at the real time of its creation.
 * {@link DynamoSessionTestingModule} provides one: `moduleRef.get(TestClock)`.
 */
@Injectable()
export class TestClock implements SessionClock {
  private time = Date.now();

  /** The clock's time, epoch milliseconds. */
  now(): number {
    return this.time;
  }

  /** Moves the clock forward by `ms` milliseconds (a whole, non-negative number); returns the new time. */
  advance(ms: number): number {
    if (!Number.isInteger(ms) || ms < 0) {
      throw new RangeError(
        `TestClock.advance(ms): ms must be a whole number of milliseconds, 0 or more (got ${String(ms)}); use set(time) to go back`,
      );
    }
    this.time += ms;
    return this.time;
  }

  /** Sets the clock to `time` (a Date, or epoch milliseconds); returns it as epoch milliseconds. */
  set(time: Date | number): number {
    const ms = time instanceof Date ? time.getTime() : time;
    if (!Number.isInteger(ms) || ms < 0) {
      throw new RangeError(
        `TestClock.set(time): time must be a valid Date or whole epoch milliseconds, 0 or more (got ${String(time)})`,
      );
    }
    this.time = ms;
    return ms;
  }
}
