/**
 * When to extend an unchanged session: the one touch rule of the module and the express-session Store.
 *
 * A touch is a write, so it is throttled by `touchAfter`; but a session must never lapse while its
 * client is active just because the throttle held the extension back. So the interval between
 * extensions is at most a tenth of the window a touch would give the session (the ratio of the
 * module's own default, `idleTimeout / 10`): after a request whose touch was held back, the session
 * still lives at least nine tenths of its window, whatever `touchAfter` and the cookie's `maxAge` are
 * (an express-session app with `maxAge: 15 min` and the default `touchAfter` of an hour included).
 */
export interface TouchTiming {
  /** When the session was last written (epoch ms). */
  readonly lastWrite: number;
  /** Now (epoch ms). */
  readonly now: number;
  /** When the session would end if it were extended now (epoch ms). */
  readonly extendedUntil: number;
  /** When the session ends as stored (epoch ms). */
  readonly storedUntil: number;
  /** The option `touchAfter`, in milliseconds. */
  readonly touchAfterMs: number;
}

/** The share of its window a session may go without an extension while its client is active. */
const MAX_TOUCH_SHARE = 0.1;

/** The longest wait between two extensions of a session whose window (from now) is `windowMs`. */
export function touchInterval(touchAfterMs: number, windowMs: number): number {
  return Math.min(touchAfterMs, Math.max(0, windowMs) * MAX_TOUCH_SHARE);
}

/**
 * Whether an unchanged session is extended now: the extension moves its end later, and either the
 * interval has passed since its last write or `requested` (`session.touch()`) asks for it regardless.
 */
export function touchIsDue(timing: TouchTiming, requested = false): boolean {
  if (timing.extendedUntil <= timing.storedUntil) return false;
  if (requested) return true;
  const interval = touchInterval(timing.touchAfterMs, timing.extendedUntil - timing.now);
  return timing.now - timing.lastWrite >= interval;
}
