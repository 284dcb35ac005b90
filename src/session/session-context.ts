import type { Session } from './session.js';
import type { SessionState } from './session-state.js';
import { rawRequest } from '../http/http-exchange.js';

/** A session loaded for one request. */
export interface LoadedSession {
  readonly session: Session;
  readonly state: SessionState;
  /** The request came over HTTPS (decides `Secure` when `cookie.secure` is `'auto'`). */
  readonly https: boolean;
  /** The request's User-Agent, kept when `trackUserAgent` is on. */
  readonly userAgent?: string;
  /** The cookie was signed with an old secret: send it again signed with the current one. */
  readonly resign?: boolean;
  /** The cookie named a session that was rejected (a value did not decode): clear it unless a new one is set. */
  readonly clearCookie?: boolean;
}

interface RequestEntry {
  readonly loading: Promise<LoadedSession>;
  loaded?: LoadedSession;
  committing?: Promise<void>;
}

/**
 * Per-request memo shared by the guard, the interceptor and `@Session()`: whoever needs the session first
 * loads it, the others reuse it, so a request costs one GetItem at most. Keyed by the raw Node request
 * (`request.raw ?? request`), so it also works on Fastify, and weakly, so it dies with the request.
 */
const entries = new WeakMap<object, RequestEntry>();

/** The session of `request`, loading it with `load` unless this request already did. */
export function sessionFor(
  request: object,
  load: () => Promise<LoadedSession>,
): Promise<LoadedSession> {
  const key = rawRequest(request);
  const existing = entries.get(key);
  if (existing !== undefined) return existing.loading;
  const entry: RequestEntry = {
    loading: load().then((loaded) => {
      entry.loaded = loaded;
      return loaded;
    }),
  };
  entries.set(key, entry);
  return entry.loading;
}

/** The session of `request` if it was loaded already, else undefined. Synchronous, for `@Session()`. */
export function loadedSession(request: object): LoadedSession | undefined {
  return entries.get(rawRequest(request))?.loaded;
}

/** Whether anything asked for the session of `request` (it is loading or loaded). */
export function hasSession(request: object): boolean {
  return entries.has(rawRequest(request));
}

/** Runs `commit` once per request whose session loaded, however often it is asked for. */
export function commitOnce(
  request: object,
  commit: (loaded: LoadedSession) => Promise<void>,
): Promise<void> {
  const entry = entries.get(rawRequest(request));
  const loaded = entry?.loaded;
  if (entry === undefined || loaded === undefined) return Promise.resolve();
  entry.committing ??= commit(loaded);
  return entry.committing;
}
