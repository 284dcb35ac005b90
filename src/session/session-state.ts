import { generateSessionId } from './session-id.js';
import type { ClientDetails } from './client-details.js';
import { systemClock, type SessionClock } from '../session-clock.js';

/**
 * A change a control made that is a session event once the unit's commit saved it: `handle` is the
 * session that ended (`loggedOut`, `destroyed`), or undefined for the session's own once it is stored
 * (`loggedIn`, `renewed`).
 */
export interface SessionChange {
  readonly type: 'loggedIn' | 'loggedOut' | 'renewed' | 'destroyed';
  readonly userId: string | undefined;
  readonly handle: string | undefined;
}

/** What the library knows of a session beyond its data. Internal: never exported from the barrel. */
export class SessionState {
  /** Key of the stored item this session was loaded from, while it is still the session's item. */
  storedKey: string | undefined;
  /** Key of the stored item to delete when the request ends (left behind by regenerate or destroy). */
  retiredKey: string | undefined;
  /** `touchedAt` of that item as it was read: it is replaced only if nothing changed it since. */
  retiredTouchedAt: number | undefined;
  /** JSON of each top-level value as stored, to write only what changed. */
  snapshot = new Map<string, string>();
  destroyed = false;
  touchRequested = false;
  /** Made up because the store could not be read (`failOpen`): never written. */
  unsaved = false;
  /**
   * Made from the cookie alone, for a handler that can only end the session: the store was not read,
   * so its data, identity and times are unknown; `destroy()` deletes the item the cookie names, and
   * nothing else is ever written.
   */
  unread = false;
  /**
   * Its client presented a session token (a header client, see `SessionTokens`) rather than a cookie:
   * its commit answers a new token in the response header, never a cookie, and it needs no CSRF token.
   */
  viaToken = false;
  /**
   * The secret CSRF tokens derive from, made on first use: stored under {@link CSRF_SECRET_KEY} when
   * the session is; while it is not, kept in the pre-session cookie (see `pre-session-csrf.ts`).
   */
  csrfSecret: string | undefined;
  /**
   * The identity came from a `data.userId` key of an older version, not from the top-level attribute:
   * the next write stores it there (and removes the data key).
   */
  identityFromData = false;
  /** The client details the stored item holds (`deviceDetails`): they count towards the size limit. */
  storedClient: ClientDetails | undefined;
  /**
   * The stored size of values as read (see `StoredSession.valueSizes`), so an update counts the unchanged
   * ones without coding them again; a value written since is left out.
   */
  valueSizes: Readonly<Record<string, number>> | undefined;
  /** The stored item is to be sealed anew by its next write (see `StoredSession.resealDue`). */
  resealDue = false;
  /**
   * When the identity last proved itself, where that is later than `createdAt` (see
   * `StoredSession.authenticatedAt`); {@link lastAuthenticatedAt} gives it in every case.
   */
  authenticatedAt: number | undefined;
  /** The data as the store holds it (read, or last written): a write takes its unchanged values as they are. */
  storedData: Readonly<Record<string, unknown>> | undefined;
  /** The changes of the unit's controls, for the session events (none: undefined). */
  changes: SessionChange[] | undefined;
  /** Where logIn, logOut, regenerate and destroy read the time (set by `createSession`). */
  clock: SessionClock = systemClock;

  constructor(
    public id: string,
    /** Creation time of the session (ms); starts the absolute timeout. */
    public createdAt: number,
    /** Time of the last write (ms); starts the idle timeout. */
    public touchedAt: number,
    /** When the stored item expires (ms); meaningless while the session is new. */
    public expiresAt: number,
    storedKey?: string,
    /** The logged-in user (`session.userId`), set only by logIn. */
    public userId?: string,
  ) {
    this.storedKey = storedKey;
    this.startedNew = storedKey === undefined;
  }

  /** No item held the session when it was made (a first visit): a `created` event once it is stored. */
  readonly startedNew: boolean;

  /** Names `userId` as the user of the changes noted for the session under `handle` without one. */
  nameUser(handle: string, userId: string): void {
    this.changes = this.changes?.map((change) =>
      change.handle === handle && change.userId === undefined ? { ...change, userId } : change,
    );
  }

  /** Notes a change of a control for the session events (see {@link SessionChange}). */
  note(type: SessionChange['type'], userId: string | undefined, handle?: string): void {
    const changes = (this.changes ??= []);
    // A renewal of the session's own id that a later change of it follows is that change (Passport's
    // req.login() regenerates the session, then logs the user in).
    const last = changes.at(-1);
    if (handle === undefined && last?.type === 'renewed' && last.handle === undefined)
      changes.pop();
    changes.push({ type, userId, handle });
  }

  get isNew(): boolean {
    return this.storedKey === undefined;
  }

  /** When the identity last proved itself (epoch ms); undefined for a guest. */
  get lastAuthenticatedAt(): number | undefined {
    return this.userId === undefined ? undefined : (this.authenticatedAt ?? this.createdAt);
  }

  /**
   * Leaves the stored item behind and moves the session to a fresh id, stored anew when the request
   * ends, with `userId` as its identity. The creation time (the start of the absolute timeout) is kept
   * unless the identity changes: renewing an id never extends a session's lifetime. `authenticated`:
   * the identity just proved itself (a login), which a new identity's creation time says already.
   */
  renew(now: number, userId: string | undefined, authenticated = false): void {
    if (this.storedKey !== undefined) {
      this.retiredKey = this.storedKey;
      this.retiredTouchedAt = this.touchedAt;
    }
    if (userId !== this.userId) {
      this.createdAt = now;
      this.authenticatedAt = undefined;
    } else if (authenticated && userId !== undefined) {
      this.authenticatedAt = now;
    }
    this.userId = userId;
    this.identityFromData = false;
    this.storedKey = undefined;
    this.valueSizes = undefined;
    this.resealDue = false;
    this.storedData = undefined;
    this.snapshot = new Map();
    // A token handed out before (a login) must not work after.
    this.csrfSecret = undefined;
    this.id = generateSessionId();
    this.touchedAt = now;
  }
}

const states = new WeakMap<object, SessionState>();

/** The state behind a session object made by `createSession`. */
export function stateOf(session: object): SessionState {
  const state = states.get(session);
  if (state === undefined) throw new TypeError('Not a session made by nestjs-dynamodb-session');
  return state;
}

/** Makes `state` the state of `session` (a session object {@link createSession} makes). */
export function attachState(session: object, state: SessionState): void {
  states.set(session, state);
}

/** Lets `view` (a wrapper of `session`, such as a read-only view) stand for `session` wherever its state is looked up. */
export function shareState(view: object, session: object): void {
  states.set(view, stateOf(session));
}

/**
 * What a session's snapshot and current values hold for a value no handler has read (see
 * `createSession`): equal on both sides, so unchanged; never the JSON of a value (JSON text holds no
 * raw NUL). A write that stores the session reads such values first (see `withDecodedValues`).
 */
export const UNREAD = '\u0000unread';
