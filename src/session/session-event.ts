/**
 * What happened to a session:
 * - `created`: a session was stored for the first time;
 * - `loggedIn`: `session.logIn()` (or Passport's `req.login()`) stored a session with that identity;
 * - `loggedOut`: `session.logOut()` ended a logged-in session;
 * - `renewed`: `session.regenerate()` or `session.reauthenticated()` moved a session to a new id;
 * - `destroyed`: `session.destroy()` ended a stored session;
 * - `revoked`: a request found its session ended by `notBefore`, or the app ended it through the
 *   repository (`destroyByUser`, `destroyByHandle`);
 * - `expired`: a request found its session past its end (before DynamoDB's TTL deleted it).
 */
export type SessionEventType =
  'created' | 'loggedIn' | 'loggedOut' | 'renewed' | 'destroyed' | 'revoked' | 'expired';

/** One session event: who, which session (by handle, never its id) and when. */
export interface SessionEvent {
  readonly type: SessionEventType;
  /** The session's user (for `loggedIn`, the user now logged in); undefined for a guest's session. */
  readonly userId: string | undefined;
  /**
   * The session's handle (`session.handle`: the SHA-256 of its id, not a credential). For `loggedIn`
   * and `renewed`, the new session's; for `loggedOut` and `destroyed`, the one that ended.
   */
  readonly handle: string;
  /** When it happened (epoch ms). */
  readonly at: number;
}

/**
 * Receives every session event (module option `onSessionEvent`). Called after the change was saved;
 * what it throws or rejects with is logged and never fails the request.
 */
export type SessionEventListener = (event: SessionEvent) => void | Promise<void>;

/** The name of each event on `@nestjs/event-emitter`'s `EventEmitter2`: `session.<type>`. */
export function sessionEventName(type: SessionEventType): `session.${SessionEventType}` {
  return `session.${type}`;
}
