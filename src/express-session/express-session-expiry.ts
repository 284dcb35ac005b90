import { endOf, type SessionLifetime } from '../rules/session-lifetime.js';

/** The part of express-session's cookie (or of a plain session object's) that sets when a session ends. */
export interface ExpressSessionCookie {
  /** A `Date`, or its ISO string once the session went through JSON. */
  readonly expires?: Date | string | null;
  /** Milliseconds from now (a plain object's; express-session's own cookie has `expires`). */
  readonly maxAge?: number | null;
}

/**
 * The windows a session's end is capped by, in milliseconds: `idleMs` is how long a session whose
 * cookie has no expiry lives after a write; `absoluteMs` how long any session lives after its
 * creation. Internal.
 */
export type ExpiryLimits = Pick<SessionLifetime, 'idleMs' | 'absoluteMs'>;

/**
 * When a session of express-session ends (epoch ms): its cookie's `expires`, else now + its
 * `maxAge`, else now + the idle timeout (a browser-session cookie); never later than its creation
 * plus the absolute timeout. Throws a `TypeError` naming the field when the cookie's expiry is not a
 * time. Internal.
 */
export function expressSessionExpiry(
  cookie: ExpressSessionCookie | undefined,
  createdAt: number,
  now: number,
  limits: ExpiryLimits,
): number {
  let end = now + limits.idleMs;
  if (cookie?.expires !== undefined && cookie.expires !== null) {
    end = new Date(cookie.expires).getTime();
    if (Number.isNaN(end))
      throw new TypeError(
        `session.cookie.expires must be a Date or a date string (got ${JSON.stringify(cookie.expires)})`,
      );
  } else if (cookie?.maxAge !== undefined && cookie.maxAge !== null) {
    if (typeof cookie.maxAge !== 'number' || !Number.isFinite(cookie.maxAge))
      throw new TypeError(
        `session.cookie.maxAge must be a number of milliseconds (got ${JSON.stringify(cookie.maxAge)})`,
      );
    end = now + cookie.maxAge;
  }
  return endOf(createdAt, end, limits);
}
