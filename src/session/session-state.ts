import type { Session, SessionControls, SessionData } from './session.js';
import { generateSessionId, sessionKey } from './session-id.js';
import { defineLazy, isUndecoded } from '../repository/lazy-value.js';
import { serializeSessionValue } from './session-data.js';
import { csrfTokenFor, CSRF_SECRET_KEY, generateCsrfSecret } from './session-csrf.js';
import { systemClock, type SessionClock } from '../session-clock.js';
import { CHANGING_CONTROLS, type ChangingControl } from './session-controls.js';
import { checkUserId } from '../rules/session-identity.js';

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
   * The secret CSRF tokens derive from, made on first use: stored under {@link CSRF_SECRET_KEY} when
   * the session is; while it is not, kept in the pre-session cookie (see `pre-session-csrf.ts`).
   */
  csrfSecret: string | undefined;
  /**
   * The identity came from a `data.userId` key of an older version, not from the top-level attribute:
   * the next write stores it there (and removes the data key).
   */
  identityFromData = false;
  /** The User-Agent the stored item holds (`trackUserAgent`): counts towards the size limit. */
  storedUserAgent: string | undefined;
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
  /** Where logIn, logOut, regenerate and destroy read the time (set by {@link createSession}). */
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

/** The state behind a session object made by {@link createSession}. */
export function stateOf(session: object): SessionState {
  const state = states.get(session);
  if (state === undefined) throw new TypeError('Not a session made by nestjs-dynamodb-session');
  return state;
}

/** Lets `view` (a wrapper of `session`, such as a read-only view) stand for `session` wherever its state is looked up. */
export function shareState(view: object, session: object): void {
  states.set(view, stateOf(session));
}

function clearData(session: Record<string, unknown>): void {
  for (const key of Object.keys(session)) delete session[key];
}

/** A session's methods: closures over it and its state, so they also work detached. */
type SessionMethods = Pick<SessionControls, ChangingControl>;

const methods = new WeakMap<object, SessionMethods>();

/**
 * The methods of `session`, made on first use: a handler may call them detached
 * (`const { destroy } = session`, `@Session('destroy')`), and most requests never call one.
 */
function methodsOf(session: Record<string, unknown>): SessionMethods {
  let found = methods.get(session);
  if (found === undefined) {
    const state = stateOf(session);
    found = {
      logIn: (userId, options = {}) => {
        state.renew(state.clock.now(), checkUserId(userId), true);
        if (options.keepData === false) clearData(session);
      },
      reauthenticated: () => {
        if (state.userId === undefined) {
          throw new TypeError(
            'session.reauthenticated() needs a logged-in session: log the user in with session.logIn(userId)',
          );
        }
        state.renew(state.clock.now(), state.userId, true);
      },
      logOut: (options = {}) => {
        state.renew(state.clock.now(), undefined);
        if (options.keepData !== true) clearData(session);
      },
      regenerate: (options = {}) => {
        state.renew(state.clock.now(), state.userId);
        if (options.keepData === false) clearData(session);
      },
      destroy: () => {
        state.renew(state.clock.now(), undefined);
        state.destroyed = true;
        clearData(session);
      },
      touch: () => {
        state.touchRequested = true;
      },
      csrfToken: () => csrfTokenFor((state.csrfSecret ??= generateCsrfSecret())),
    };
    methods.set(session, found);
  }
  return found;
}

/** An accessor per changing control, each answering that method of the session it is read on. */
function methodAccessors(): PropertyDescriptorMap {
  const accessors: PropertyDescriptorMap = {};
  for (const name of CHANGING_CONTROLS) {
    accessors[name] = {
      get(this: Record<string, unknown>): SessionMethods[typeof name] {
        return methodsOf(this)[name];
      },
    };
  }
  return accessors;
}

/**
 * What every session object inherits: the controls, hidden (not enumerable, so never stored) and
 * read-only (assigning one throws, so it cannot become data). Each finds its session's state in
 * `states`: one shared prototype instead of accessors and closures defined on every session.
 */
const sessionPrototype: object = Object.create(Object.prototype, {
  id: {
    get(this: object): string {
      return stateOf(this).id;
    },
  },
  isNew: {
    get(this: object): boolean {
      return stateOf(this).isNew;
    },
  },
  handle: {
    get(this: object): string {
      return sessionKey(stateOf(this).id);
    },
  },
  userId: {
    get(this: object): string | undefined {
      return stateOf(this).userId;
    },
    set(): void {
      throw new TypeError(
        'session.userId is read-only: log a user in with session.logIn(userId), out with session.logOut()',
      );
    },
  },
  authenticatedAt: {
    get(this: object): number | undefined {
      return stateOf(this).lastAuthenticatedAt;
    },
  },
  ...methodAccessors(),
  // Where the CSRF secret is stored: reserved, so no handler can read or overwrite it as data.
  [CSRF_SECRET_KEY]: {
    get(): undefined {
      return undefined;
    },
  },
  // `Object.assign(session, JSON.parse(body))` must not swap the controls out.
  ['__proto__']: {
    get(this: object): object | null {
      return Object.getPrototypeOf(this) as object | null;
    },
    set(): void {
      throw new TypeError(
        'A session has no "__proto__" key: its prototype holds the session controls and cannot be replaced',
      );
    },
  },
}) as object;

/**
 * Makes the session object handlers see: `data` as its own enumerable keys, the controls inherited.
 * `data` must hold no reserved name (see `withoutReservedKeys`).
 */
export function createSession(
  state: SessionState,
  data: Record<string, unknown>,
  clock: SessionClock = systemClock,
): Session<SessionData> {
  const session = Object.create(sessionPrototype) as Record<string, unknown>;
  state.clock = clock;
  states.set(session, state);
  for (const key of Object.keys(data)) {
    if (key === CSRF_SECRET_KEY) {
      // Kept in the state, not among the keys handlers see.
      const secret = data[key];
      if (typeof secret === 'string') state.csrfSecret = secret;
      state.snapshot.set(key, JSON.stringify(secret));
      continue;
    }
    if (isUndecoded(data, key) || isObject(data, key)) {
      // Decoded (a compressed or encrypted value) and its JSON taken when a handler first reads it;
      // until then it is unchanged as far as a write goes. A list or map read from the store is
      // only made JSON of then too: a unit that never reads it never serializes it.
      state.snapshot.set(key, UNREAD);
      defineLazy(session, key, () => {
        const value = data[key];
        // Into the snapshot while it still stands for what is stored (a regenerate starts an empty one).
        if (state.snapshot.get(key) === UNREAD) {
          const json = serializeSessionValue(key, value);
          if (json === undefined) state.snapshot.delete(key);
          else state.snapshot.set(key, json);
        }
        return value;
      });
      continue;
    }
    const value = data[key];
    session[key] = value;
    const json = serializeSessionValue(key, value);
    if (json !== undefined) state.snapshot.set(key, json);
  }
  return session as Session<SessionData>;
}

/** Whether `name` of `data` holds a list or a map (its JSON is worth taking only when it is read). */
function isObject(data: Record<string, unknown>, name: string): boolean {
  const value = data[name];
  return typeof value === 'object' && value !== null;
}

/**
 * What a session's snapshot and current values hold for a value no handler has read (see
 * `createSession`): equal on both sides, so unchanged; never the JSON of a value (JSON text holds no
 * raw NUL). A write that stores the session reads such values first (see `withDecodedValues`).
 */
export const UNREAD = '\u0000unread';
