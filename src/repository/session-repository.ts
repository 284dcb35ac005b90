/** A session as the store holds it. Times are epoch milliseconds. */
export interface StoredSession {
  /** SHA-256 of the session id (see `sessionKey`). */
  readonly key: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly touchedAt: number;
  readonly expiresAt: number;
}

/** Times written with every create, update or touch (epoch milliseconds). */
export interface SessionTimes {
  readonly createdAt: number;
  readonly touchedAt: number;
  readonly expiresAt: number;
}

/** What is recorded about a session when it is created, besides its data. */
export interface SessionDetails {
  /** The User-Agent of the request that created it (only with `trackUserAgent`). */
  readonly userAgent?: string;
  /**
   * For a replace (regenerate): the `touchedAt` of the old session as it was read. The replace happens
   * only if the old session is still live and unchanged since.
   */
  readonly previousTouchedAt?: number;
}

/** One session of a user, as listed for "log out everywhere": no data, and no id (the key is not a credential). */
export interface SessionSummary {
  /** SHA-256 of the session id: an opaque handle, safe to show its owner. */
  readonly key: string;
  readonly createdAt: number;
  /** Time of the last write (activity is recorded at most every `touchAfter`). */
  readonly touchedAt: number;
  readonly expiresAt: number;
  readonly userAgent?: string;
}

/** A write to an existing session: top-level keys to set and to remove (both empty: a touch). */
export interface SessionChanges {
  readonly set: Readonly<Record<string, unknown>>;
  readonly remove: readonly string[];
  /** The whole data after the changes, for a store that cannot apply many key changes in one write. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Where sessions live. The module's default is {@link DynamoSessionRepository}; inject it with
 * `@InjectSessionRepository()` or `@Inject(SessionRepository)`.
 *
 * Errors: a store failure rejects with {@link SessionStoreError}; never with "no session".
 */
export interface SessionRepository {
  /**
   * The live session under `key`, or undefined when absent or past its expiry (TTL deletion lags).
   * Rejects with {@link SessionIntegrityError} when a stored value does not decode (encryption): the
   * session manager then treats the session as absent.
   */
  get(key: string): Promise<StoredSession | undefined>;
  /** Stores a new session; never overwrites an existing item. */
  create(
    key: string,
    data: Readonly<Record<string, unknown>>,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void>;
  /**
   * Atomically deletes `oldKey` and stores a new session under `newKey` (regenerate). Resolves false,
   * writing nothing, when the old session is gone or changed since it was read.
   */
  replace(
    oldKey: string,
    newKey: string,
    data: Readonly<Record<string, unknown>>,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<boolean>;
  /**
   * Applies `changes` and the new times to a live session only. Resolves false, writing nothing, when the
   * session is gone (destroyed, regenerated or expired): a late write never brings a session back.
   */
  update(key: string, changes: SessionChanges, times: SessionTimes): Promise<boolean>;
  /** Deletes a session; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** The live sessions of a user (whose data has this `userId`), most recently active first. */
  listByUser(userId: string): Promise<SessionSummary[]>;
  /** Deletes every session of a user, except the one under `exceptKey`; resolves how many it deleted. */
  destroyByUser(userId: string, options?: { exceptKey?: string }): Promise<number>;
}

/** Injection token of {@link SessionRepository} (same name, as in `@nestjs/throttler`). */
export const SessionRepository = Symbol('SessionRepository');
