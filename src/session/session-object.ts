import type { Session, SessionControls, SessionData } from './session.js';
import { sessionKey } from './session-id.js';
import { defineLazy, isUndecoded } from '../repository/lazy-value.js';
import { serializeSessionValue } from './session-data.js';
import { csrfTokenFor, CSRF_SECRET_KEY, generateCsrfSecret } from './session-csrf.js';
import { systemClock, type SessionClock } from '../session-clock.js';
import { CHANGING_CONTROLS, type ChangingControl } from './session-controls.js';
import { checkUserId } from '../rules/session-identity.js';
import { attachState, stateOf, UNREAD, type SessionState } from './session-state.js';

/**
 * The session object handlers see: its data as plain keys, and the controls ({@link SessionControls})
 * on one shared prototype, each finding the session's {@link SessionState}.
 */

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
        const before = state.userId;
        state.renew(state.clock.now(), checkUserId(userId), true);
        // Another user logged in over a stored session of someone: that one logged out.
        if (before !== undefined && before !== userId && state.retiredKey !== undefined)
          state.note('loggedOut', before, state.retiredKey);
        state.note('loggedIn', userId);
        if (options.keepData === false) clearData(session);
      },
      reauthenticated: () => {
        if (state.userId === undefined) {
          throw new TypeError(
            'session.reauthenticated() needs a logged-in session: log the user in with session.logIn(userId)',
          );
        }
        state.renew(state.clock.now(), state.userId, true);
        state.note('renewed', state.userId);
      },
      logOut: (options = {}) => {
        const before = state.userId;
        state.renew(state.clock.now(), undefined);
        if (before !== undefined && state.retiredKey !== undefined)
          state.note('loggedOut', before, state.retiredKey);
        if (options.keepData !== true) clearData(session);
      },
      regenerate: (options = {}) => {
        state.renew(state.clock.now(), state.userId);
        state.note('renewed', state.userId);
        if (options.keepData === false) clearData(session);
      },
      destroy: () => {
        const before = state.userId;
        state.renew(state.clock.now(), undefined);
        state.destroyed = true;
        if (state.retiredKey !== undefined) state.note('destroyed', before, state.retiredKey);
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
  attachState(session, state);
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
