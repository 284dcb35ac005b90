import type { NewSessionItem, OriginOutcome } from '../session/session-fallback.js';

/** A live session of express-session + connect-dynamodb, as read to be moved. */
export interface LegacySession {
  /** express-session's session id (the key without connect-dynamodb's prefix). */
  readonly sid: string;
  /** The session as express-session stored it (its `cookie` key included). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The stored `sess` attribute: the move deletes the item only while it still holds exactly this. */
  readonly sess: string;
  /** The item's `expires` attribute (epoch seconds, as connect-dynamodb wrote it: maybe fractional). */
  readonly expires: number;
}

/** A new session of this module to store in place of a legacy one. */
export type MovedSession = NewSessionItem;

/** What became of a legacy session a move or an end was asked for (see `OriginOutcome`). */
export type LegacyOutcome = OriginOutcome;

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
