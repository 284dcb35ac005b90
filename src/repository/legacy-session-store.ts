import type { SessionDetails, SessionTimes } from './session-repository.js';

/** A live session of express-session + connect-dynamodb, as read to be moved. */
export interface LegacySession {
  /** express-session's session id (the key without connect-dynamodb's prefix). */
  readonly sid: string;
  /** The session as express-session stored it (its `cookie` key included). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The stored `sess` attribute: the move deletes the item only while it still holds exactly this. */
  readonly sess: string;
}

/** A new session of this module to store in place of a legacy one. */
export interface MovedSession {
  readonly key: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly times: SessionTimes;
  readonly details: SessionDetails;
}

/**
 * What became of a legacy session a move or an end was asked for: `'moved'` (deleted, and the new
 * session stored with it), `'gone'` (already deleted: a parallel request moved it), `'changed'`
 * (express-session wrote it since it was read, or is writing it: nothing was written).
 */
export type LegacyOutcome = 'moved' | 'gone' | 'changed';

/**
 * connect-dynamodb's table, as the move from it needs it. Present only with the module option `legacy`.
 * Errors: a store failure rejects with `SessionStoreUnavailableError` (or `SessionStoreRejectedError`);
 * never with "no session".
 */
export interface LegacySessionStore {
  /** The live legacy session of express-session's id `sid`, or undefined (absent, expired, unreadable). */
  get(sid: string): Promise<LegacySession | undefined>;
  /** Deletes `legacy` and stores `moved` in one transaction: both happen, or neither. */
  move(legacy: LegacySession, moved: MovedSession): Promise<LegacyOutcome>;
  /** Deletes `legacy` alone (the session it became holds nothing to store): `'moved'` when it did. */
  end(legacy: LegacySession): Promise<LegacyOutcome>;
}

/** Injection token of {@link LegacySessionStore}. Internal. */
export const LegacySessionStore = Symbol('LegacySessionStore');
