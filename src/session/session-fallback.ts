import type { SessionDetails, SessionTimes } from '../repository/session-repository.js';
import type { SessionInput } from './session-input.js';

/**
 * The core's plug-in hook for sessions that live somewhere else (the move from express-session +
 * connect-dynamodb, option `legacy`): a fallback on load, asked only when no cookie of ours verifies,
 * and a step in the commit, which stores the unit's session in its origin's place. Registered through
 * Nest's DI under the token {@link SessionFallback} only when such a plug-in is on; the core has no
 * branch for any particular one.
 */
export interface SessionFallback {
  /** What its sessions are called in the log (`'the legacy session'`). */
  readonly sessionName: string;
  /**
   * Whether `input` names a session of the fallback (no store call): a handler that can only end the
   * session must still read it, to end it too.
   */
  names(input: SessionInput): boolean;
  /**
   * The session `input` names: found (to start the unit's session from), or gone (its cookie is to be
   * cleared); undefined, without a store call, when `input` names none. A store failure rejects with
   * `SessionStoreError`.
   */
  load(input: SessionInput): Promise<FallbackSession | undefined>;
  /** The Set-Cookie values that remove the fallback's cookie once its session ended. */
  endCookies(https: boolean): readonly string[];
}

/** Injection token of {@link SessionFallback} (absent, or null, when no plug-in is on). Internal. */
export const SessionFallback = Symbol('SessionFallback');

/** What a {@link SessionFallback} found for the unit's input. */
export type FallbackSession =
  | {
      readonly found: true;
      /** The data the unit's session starts with (no reserved key filtered yet). */
      readonly data: Readonly<Record<string, unknown>>;
      /** Its identity, if it had one. */
      readonly userId: string | undefined;
      /**
       * When it was created, as far as its origin lets us know (epoch ms, never after now): the
       * lifetime rules (absolute timeout, `notBefore`) apply from there.
       */
      readonly createdAt: number;
      readonly origin: SessionOrigin;
    }
  | { readonly found: false };

/** A new session's item, as an origin stores it in its own place. */
export interface NewSessionItem {
  readonly key: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly times: SessionTimes;
  readonly details: SessionDetails;
}

/**
 * What became of an origin asked to be replaced or ended: `'moved'` (ended, and the new session stored
 * with it), `'gone'` (already ended: a parallel request moved it), `'changed'` (written since it was
 * read: nothing was written).
 */
export type OriginOutcome = 'moved' | 'gone' | 'changed';

/** Where a session loaded through a {@link SessionFallback} came from: the commit's step. */
export interface SessionOrigin {
  /** Stores `session` in the origin's place in one step with ending the origin: both, or neither. */
  replaceWith(session: NewSessionItem): Promise<OriginOutcome>;
  /** Ends the origin alone (the session holds nothing to store, or was destroyed). */
  end(): Promise<OriginOutcome>;
  /** The log line of a session moved over. */
  readonly movedNote: string;
  /** Why the unit's changes were not saved when the origin was `outcome` instead of moved. */
  conflictMessage(outcome: 'gone' | 'changed'): string;
}
