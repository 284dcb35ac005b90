/** How recent a login must be, in seconds: a number, or a function read on each request (configuration). */
export type RecentLoginSeconds = number | (() => number);

/**
 * The recent-login rule (pure): whether an identity that last proved itself at `authenticatedAt`
 * (epoch ms; undefined for a guest) did so within `maxAgeSeconds` of `now`. A time in the future (a
 * clock behind the one that wrote it) counts as recent: it was at most that far ahead.
 */
export function loginIsRecent(
  authenticatedAt: number | undefined,
  now: number,
  maxAgeSeconds: number,
): boolean {
  return authenticatedAt !== undefined && now - authenticatedAt <= maxAgeSeconds * 1000;
}

/** The seconds `@RequireRecentLogin()` was given, checked: a number above 0, or a TypeError naming the fix. */
export function checkedSeconds(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new TypeError(
      `@RequireRecentLogin(${String(seconds)}): give the seconds a login counts as recent, a number above 0 (e.g. 300)`,
    );
  }
  return seconds;
}
