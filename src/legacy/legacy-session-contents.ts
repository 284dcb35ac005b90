import { identityInData, identityOf } from '../rules/session-identity.js';
import type { LegacySession } from './legacy-session-store.js';

/** connect-dynamodb 3 keeps a session whose cookie has no `maxAge` for one day after each write. */
const CONNECT_DYNAMODB_DEFAULT_TTL_MS = 86_400_000;

/**
 * What a session moved from express-session starts with: its data without express-session's own
 * `cookie` key, and its identity (`session.userId`, as `session.logIn()` sets it): Passport's user
 * (`passport.user`, an id: a non-empty string or a finite number), which Passport on this module's
 * session reads from the identity, so the `passport` key then leaves the data; else a `userId` key the
 * app kept. A `passport` key whose user is no id (a whole serialized user) stays data.
 */
export function legacySessionContents(legacy: LegacySession): {
  data: Record<string, unknown>;
  userId: string | undefined;
} {
  const data = { ...legacy.data };
  delete data['cookie'];
  const passport = data['passport'];
  const passportUser =
    typeof passport === 'object' && passport !== null
      ? identityOf((passport as Record<string, unknown>)['user'])
      : undefined;
  if (passportUser !== undefined) delete data['passport'];
  return { data, userId: passportUser ?? identityInData(data) };
}

/**
 * The latest time a legacy session can have been created (epoch ms), which is as much as its item
 * tells: express-session records no creation time, but resets its cookie's expiry to now + `maxAge`
 * on a request, and connect-dynamodb writes `expires` as that expiry (or one day after the write for a
 * cookie without `maxAge`), from the write's time floored to the second. So the last such reset —
 * `sess.cookie.expires` minus `originalMaxAge`, and a second after `expires` minus the same window —
 * is never before the creation. A session created earlier but used
 * since counts as created at its last use; one that cannot be placed at all counts as created `now`.
 */
export function legacyCreatedAt(legacy: LegacySession, now: number): number {
  const cookie = legacy.data['cookie'];
  const { originalMaxAge, expires } = (
    typeof cookie === 'object' && cookie !== null ? cookie : {}
  ) as { originalMaxAge?: unknown; expires?: unknown };
  const window =
    typeof originalMaxAge === 'number' && Number.isFinite(originalMaxAge)
      ? originalMaxAge
      : undefined;
  // connect-dynamodb computes `expires` from the write's time floored to the second: up to a second early.
  const written = legacy.expires * 1000 + 1000;
  const bounds = [written - (window ?? CONNECT_DYNAMODB_DEFAULT_TTL_MS)];
  if (window !== undefined && (typeof expires === 'string' || typeof expires === 'number')) {
    const cookieExpires = new Date(expires).getTime();
    if (Number.isFinite(cookieExpires)) bounds.push(cookieExpires - window);
  }
  return Math.min(now, ...bounds.filter(Number.isFinite));
}
