import type { ClientDetails } from './client-details.js';
import type { CsrfCookieReading } from './csrf-cookie.js';
import { NO_ANSWER, type SessionAnswer } from './session-answer.js';
import type { Session } from './session.js';
import type { SessionOrigin } from './session-fallback.js';
import type { SessionState } from './session-state.js';

/** A session loaded for one unit of work. */
export interface LoadedSession {
  readonly session: Session;
  readonly state: SessionState;
  /** The unit of work came over HTTPS (decides `Secure` when `cookie.secure` is `'auto'`). */
  readonly https: boolean;
  /** The client's User-Agent and IP, kept for a new item when `deviceDetails` is on. */
  readonly client?: ClientDetails;
  /** The cookie was signed with an old secret: send it again signed with the current one. */
  readonly resign?: boolean;
  /** The cookie named a session that was rejected (a value did not decode): clear it unless a new one is set. */
  readonly clearCookie?: boolean;
  /**
   * The stored session was read strongly consistently (or there was none to read), so a guard may
   * decide on it; false after an eventually consistent read that `consistentRead: 'auto'` accepted.
   */
  consistent: boolean;
  /**
   * Loaded through a `SessionFallback` (a session of another store, such as connect-dynamodb's), given
   * the new id `id`: stored in its origin's place when the unit of work commits.
   */
  readonly origin?: { readonly source: SessionOrigin; readonly id: string };
  /** The fallback's cookie is to be cleared: its session was moved, ended, or is gone. */
  originEnded?: boolean;
  /** The pre-session CSRF cookie the request carried (see `withCsrfCookie`); absent when it carried none. */
  readonly csrfCookie?: CsrfCookieReading;
}

interface UnitEntry {
  readonly loading: Promise<LoadedSession>;
  loaded?: LoadedSession;
  committing?: Promise<SessionAnswer>;
}

/**
 * Per-unit-of-work memo shared by the guard, the interceptor and `@Session()`: whoever needs the session
 * first loads it, the others reuse it, so a unit of work costs one GetItem at most. The transport picks
 * the key (over HTTP the raw Node request, `request.raw ?? request`, so it also works on Fastify); it is
 * held weakly, so the entry dies with the unit of work.
 */
const entries = new WeakMap<object, UnitEntry>();

/** The session of the unit of work `key`, loading it with `load` unless this unit already did. */
export function sessionFor(
  key: object,
  load: () => Promise<LoadedSession>,
): Promise<LoadedSession> {
  const existing = entries.get(key);
  if (existing !== undefined) return existing.loading;
  const entry: UnitEntry = {
    loading: load().then((loaded) => {
      entry.loaded = loaded;
      return loaded;
    }),
  };
  entries.set(key, entry);
  return entry.loading;
}

/** The session of unit `key` if it was loaded already, else undefined. Synchronous, for `@Session()`. */
export function loadedSession(key: object): LoadedSession | undefined {
  return entries.get(key)?.loaded;
}

/** Whether anything asked for the session of unit `key` (it is loading or loaded). */
export function hasSession(key: object): boolean {
  return entries.has(key);
}

/**
 * Runs `commit` once per unit of work whose session loaded, however often it is asked for. The call
 * that ran it gets what `commit` answered; later calls wait for it and get nothing, so a cookie or
 * token is sent once.
 */
export function commitOnce(
  key: object,
  commit: (loaded: LoadedSession) => Promise<SessionAnswer>,
): Promise<SessionAnswer> {
  const entry = entries.get(key);
  const loaded = entry?.loaded;
  if (entry === undefined || loaded === undefined) return Promise.resolve(NO_ANSWER);
  if (entry.committing !== undefined) return entry.committing.then(() => NO_ANSWER);
  entry.committing = commit(loaded);
  return entry.committing;
}
