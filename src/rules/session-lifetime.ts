/**
 * How long a session lives: the one place its end, its liveness and its revocation are decided, for
 * the module, the express-session Store, the Passport bridge, the migration and the repository alike.
 * Every time is epoch milliseconds; only DynamoDB's TTL attribute is in seconds ({@link ttlSeconds}).
 */

/** The windows of a session's life, in milliseconds, and the revocation cut-off. */
export interface SessionLifetime {
  /** How long a session lives after its last write (its idle window). */
  readonly idleMs: number;
  /** How long any session lives after its creation, whatever its activity. */
  readonly absoluteMs: number;
  /** Sessions created before this time (epoch ms) are revoked (`notBefore`); none when undefined. */
  readonly notBefore?: number;
}

/** The lifetime the options say (`idleTimeout` and `absoluteTimeout` are in seconds). */
export function lifetimeOf(options: {
  readonly idleTimeout: number;
  readonly absoluteTimeout: number;
  readonly notBefore?: number;
}): SessionLifetime {
  return {
    idleMs: options.idleTimeout * 1000,
    absoluteMs: options.absoluteTimeout * 1000,
    ...(options.notBefore === undefined ? {} : { notBefore: options.notBefore }),
  };
}

/**
 * When a session created at `createdAt` ends if its activity would keep it until `activeUntil` (the
 * idle window from its last write, or an express-session cookie's expiry): never after its creation
 * plus the absolute timeout.
 */
export function endOf(createdAt: number, activeUntil: number, lifetime: SessionLifetime): number {
  return Math.min(activeUntil, createdAt + lifetime.absoluteMs);
}

/** When a session ends after a write at `touchedAt`: min(last write + idle, creation + absolute). */
export function expiryAfterWrite(
  createdAt: number,
  touchedAt: number,
  lifetime: SessionLifetime,
): number {
  return endOf(createdAt, touchedAt + lifetime.idleMs, lifetime);
}

/** Whether a session that ends at `expiresAt` has ended at `now` (gone at the millisecond; NaN: ended). */
export function hasEnded(expiresAt: number, now: number): boolean {
  return !(now < expiresAt);
}

/** Whether `notBefore` ended a session created at `createdAt` (it was created before). */
export function isRevoked(
  createdAt: number,
  lifetime: Pick<SessionLifetime, 'notBefore'>,
): boolean {
  return createdAt < (lifetime.notBefore ?? 0);
}

/**
 * Whether a stored session is live at `now` under `lifetime`: not past the end it was written with,
 * not past the end the current timeouts give it (they may have been shortened since), not revoked.
 */
export function isLive(
  stored: { readonly createdAt: number; readonly touchedAt: number; readonly expiresAt: number },
  now: number,
  lifetime: SessionLifetime,
): boolean {
  return (
    !hasEnded(stored.expiresAt, now) &&
    !hasEnded(expiryAfterWrite(stored.createdAt, stored.touchedAt, lifetime), now) &&
    !isRevoked(stored.createdAt, lifetime)
  );
}

/**
 * DynamoDB's TTL attribute for a session ending at `expiresAt`: epoch seconds, rounded up so TTL never
 * deletes a live session. Reads check the exact end, not this.
 */
export function ttlSeconds(expiresAt: number): number {
  return Math.ceil(expiresAt / 1000);
}

/**
 * The same liveness as {@link isLive}, as bounds a conditional write can check on the stored item at
 * `now`: its TTL attribute after `nowSeconds`, its last write after `idleCutoff`, its creation after
 * `absoluteCutoff` (which also ends the sessions created before `notBefore`).
 */
export function liveBounds(lifetime: SessionLifetime, now: number) {
  return {
    nowSeconds: Math.floor(now / 1000),
    idleCutoff: now - lifetime.idleMs,
    absoluteCutoff: Math.max(now - lifetime.absoluteMs, (lifetime.notBefore ?? 0) - 1),
  };
}
