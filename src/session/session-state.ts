import type { Session, SessionData } from './session.js';
import { generateSessionId, sessionKey } from './session-id.js';
import { serializeSessionValue } from './session-data.js';

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

  constructor(
    public id: string,
    /** Creation time of the session (ms); starts the absolute timeout. */
    public createdAt: number,
    /** Time of the last write (ms); starts the idle timeout. */
    public touchedAt: number,
    /** When the stored item expires (ms); meaningless while the session is new. */
    public expiresAt: number,
    storedKey?: string,
  ) {
    this.storedKey = storedKey;
  }

  get isNew(): boolean {
    return this.storedKey === undefined;
  }

  /** Leaves the stored item behind and moves the session to a fresh id, stored anew when the request ends. */
  renew(now: number): void {
    if (this.storedKey !== undefined) {
      this.retiredKey = this.storedKey;
      this.retiredTouchedAt = this.touchedAt;
    }
    this.storedKey = undefined;
    this.snapshot = new Map();
    this.id = generateSessionId();
    this.createdAt = now;
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

function clearData(session: Record<string, unknown>): void {
  for (const key of Object.keys(session)) delete session[key];
}

/** Makes the session object handlers see: `data` as enumerable keys, controls as hidden properties. */
export function createSession(
  state: SessionState,
  data: Record<string, unknown>,
): Session<SessionData> {
  const session: Record<string, unknown> = {};
  Object.defineProperties(session, {
    id: { get: () => state.id, enumerable: false },
    isNew: { get: () => state.isNew, enumerable: false },
    handle: { get: () => sessionKey(state.id), enumerable: false },
    regenerate: {
      value: (options: { keepData?: boolean } = {}) => {
        state.renew(Date.now());
        if (options.keepData === false) clearData(session);
      },
      enumerable: false,
    },
    destroy: {
      value: () => {
        state.renew(Date.now());
        state.destroyed = true;
        clearData(session);
      },
      enumerable: false,
    },
    touch: {
      value: () => {
        state.touchRequested = true;
      },
      enumerable: false,
    },
  });
  for (const [key, value] of Object.entries(data)) {
    session[key] = value;
    const json = serializeSessionValue(key, value);
    if (json !== undefined) state.snapshot.set(key, json);
  }
  states.set(session, state);
  return session as Session<SessionData>;
}
