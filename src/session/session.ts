/**
 * The data of a session: JSON-like values under top-level keys. Augment it to type your keys:
 *
 * ```ts
 * declare module 'nestjs-dynamodb-session' {
 *   interface SessionData { cart?: string[] }
 * }
 * ```
 *
 * The logged-in identity is not data: it is {@link SessionControls.userId}, set only by
 * {@link SessionControls.logIn}.
 */
export interface SessionData {
  [key: string]: unknown;
}

/** What a session offers besides its data. None of it is enumerable, so none of it is stored as data. */
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
   * The logged-in user, set by {@link logIn} and cleared by {@link logOut} or {@link destroy}; undefined
   * for a guest. Read-only: assigning it throws, so no handler copying client input into the session
   * (`Object.assign(session, body)`) can change who is logged in. Stored as the item's top-level
   * `userId` attribute, the key of the user index.
   */
  readonly userId: string | undefined;
  /**
   * When the logged-in user last proved who they are (epoch ms): their {@link logIn}, or a later
   * {@link reauthenticated}; undefined for a guest. What `@RequireRecentLogin()` checks.
   */
  readonly authenticatedAt: number | undefined;
  /**
   * Logs `userId` in: gives the session a new id (against session fixation) and sets the identity, in
   * one call. The data is kept (a guest cart survives), unless `keepData` is false. When the identity
   * changes (a guest logs in, or another user), the absolute timeout starts again; logging in again as
   * the same user keeps it.
   */
  logIn(userId: string, options?: { keepData?: boolean }): void;
  /**
   * Records that the logged-in user just proved who they are again (their password, a second factor),
   * for routes behind `@RequireRecentLogin()`: {@link authenticatedAt} becomes now, and the session gets
   * a new id, as on {@link logIn}. The identity, the data and the absolute timeout are kept. Throws for
   * a guest (log in instead).
   */
  reauthenticated(): void;
  /**
   * Logs out: a new id, no identity, and a new absolute lifetime. The data is dropped unless `keepData`
   * is true (an empty session is not stored). {@link destroy} ends the session and clears the cookie.
   */
  logOut(options?: { keepData?: boolean }): void;
  /**
   * Gives the session a new id (e.g. on a privilege change). The old item is deleted when the request
   * ends and the data move to the new id, unless `keepData` is false. The identity and the creation
   * time (so the absolute timeout) are kept.
   */
  regenerate(options?: { keepData?: boolean }): void;
  /** Ends the session: the item is deleted and the cookie cleared when the request ends. */
  destroy(): void;
  /** Extends the expiry at the end of this request even if `touchAfter` has not passed yet. */
  touch(): void;
  /**
   * A CSRF token for this session, to put in a form (field `_csrf`) or send as the `x-csrf-token`
   * header; {@link CsrfGuard} checks it. The first call creates the session's CSRF secret: stored with
   * a stored session; for a session that is not stored, kept in the pre-session cookie (`<name>.csrf`)
   * instead, so handing a stranger a token costs no write, and carried over into the session once it
   * is stored. {@link regenerate} and {@link destroy} replace it, so a token from before a login stops
   * working. Each call gives another token; all verify.
   */
  csrfToken(): string;
}

/** A session as handlers see it: a plain object of data you read and mutate, plus {@link SessionControls}. */
export type Session<T extends object = SessionData> = T & SessionControls;
