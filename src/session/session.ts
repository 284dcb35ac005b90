/**
 * The data of a session: JSON-like values under top-level keys. Augment it to type your keys:
 *
 * ```ts
 * declare module 'nestjs-dynamodb-session' {
 *   interface SessionData { cart?: string[] }
 * }
 * ```
 */
export interface SessionData {
  /** Set by your login handler; {@link SessionGuard} lets a request through when it is set. */
  userId?: string;
  [key: string]: unknown;
}

/** What a session offers besides its data. None of it is enumerable, so none of it is stored. */
export interface SessionControls {
  /** The session id (256 random bits, base64url). Never log it: it is a bearer credential. */
  readonly id: string;
  /**
   * An opaque, non-secret handle of the session (the SHA-256 of its id): safe to show its owner, e.g. to
   * mark "this device" in a list of sessions. It cannot be turned back into the id.
   */
  readonly handle: string;
  /** True until the session is stored: a first visit, or just after {@link regenerate} or {@link destroy}. */
  readonly isNew: boolean;
  /**
   * Gives the session a new id (call it at login, against session fixation). The old item is deleted
   * when the request ends and the data move to the new id, unless `keepData` is false.
   */
  regenerate(options?: { keepData?: boolean }): void;
  /** Ends the session: the item is deleted and the cookie cleared when the request ends. */
  destroy(): void;
  /** Extends the expiry at the end of this request even if `touchAfter` has not passed yet. */
  touch(): void;
  /**
   * A CSRF token for this session, to put in a form (field `_csrf`) or send as the `x-csrf-token`
   * header; {@link CsrfGuard} checks it. The first call creates the session's CSRF secret (stored with
   * the session, so a new session is stored); {@link regenerate} and {@link destroy} replace it, so a
   * token from before a login stops working. Each call gives another token; all verify.
   */
  csrfToken(): string;
}

/** A session as handlers see it: a plain object of data you read and mutate, plus {@link SessionControls}. */
export type Session<T extends object = SessionData> = T & SessionControls;
