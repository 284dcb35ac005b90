/** A session as the store holds it. Times are epoch milliseconds. */
export interface StoredSession {
  /** SHA-256 of the session id (see `sessionKey`). */
  readonly key: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: number;
  readonly touchedAt: number;
  readonly expiresAt: number;
  /** The logged-in user (the top-level `userId` attribute), if any. */
  readonly userId?: string;
  /** Past its end, answered only to a read `withEnded` (see `SessionReadOptions`); no data. */
  readonly ended?: true;
  /**
   * When the identity last proved itself, when that is later than `createdAt` (epoch ms): absent, it
   * is `createdAt` (a login of another identity starts a session's life anew).
   */
  readonly authenticatedAt?: number;
  /** The User-Agent recorded when it was created (`deviceDetails`). */
  readonly userAgent?: string;
  /** The client IP recorded when it was created (`deviceDetails`). */
  readonly clientIp?: string;
  /**
   * The size DynamoDB counts for some of the stored values, by top-level key (bytes, the key's name not
   * included): those stored exactly as storing them again would (a store may give none). Pass them on
   * as {@link SessionChanges.valueSizes} to spare an update coding the unchanged values again.
   */
  readonly valueSizes?: Readonly<Record<string, number>>;
  /**
   * The item's seal is missing (`unsealedItems: 'accept'`) or under a key that no longer seals (a
   * rotated secret or encryption key): pass it on as {@link SessionChanges.reseal} so that the next
   * write seals it anew.
   */
  readonly resealDue?: true;
  /**
   * The item carries a seal that verified: its identity is its top-level `userId` alone (sealed), never
   * a data key `userId`, which only an item of a version before seals may hold as its identity.
   */
  readonly sealed?: true;
}

/** Times written with every create, update or touch (epoch milliseconds). */
export interface SessionTimes {
  readonly createdAt: number;
  readonly touchedAt: number;
  readonly expiresAt: number;
}

/** What is stored about a session besides its data and times. */
export interface SessionDetails {
  /**
   * The logged-in user: the top-level `userId` attribute, the key of the user index, set when a session
   * is created (logIn regenerates). For an update, the one stored: it counts towards the size limit.
   */
  readonly userId?: string;
  /**
   * When the identity last proved itself, when that is later than the creation (see
   * `StoredSession.authenticatedAt`); written and sealed when a session is created. For an update, the
   * one stored (an update that seals the item anew seals it too).
   */
  readonly authenticatedAt?: number;
  /**
   * The User-Agent of the request that created it (only with `deviceDetails`). For an update, the one
   * stored: it counts towards the size limit.
   */
  readonly userAgent?: string;
  /**
   * The client IP of the request that created it, as the platform sees it (only with
   * `deviceDetails`). For an update, the one stored: it counts towards the size limit.
   */
  readonly clientIp?: string;
  /**
   * For a replace (regenerate): the `touchedAt` of the old session as it was read. The replace happens
   * only if the old session is still live and unchanged since.
   */
  readonly previousTouchedAt?: number;
}

/** What {@link SessionRepository.delete} answers of a deleted session, when asked. */
export interface DeletedSession {
  readonly userId?: string;
}

/**
 * What kind of device a session's client is, from its User-Agent: ua-parser-js's device types, and
 * `desktop` for a browser on a desktop system (which names no device type); `unknown` without a
 * User-Agent (none recorded, `deviceDetails: false`) or when it names none (a script, a bot).
 */
export type SessionDeviceType =
  'desktop' | 'mobile' | 'tablet' | 'console' | 'smarttv' | 'wearable' | 'embedded' | 'unknown';

/** The client of a listed session, as its User-Agent names it: e.g. `{ browser: 'Firefox', os: 'Android', type: 'mobile' }`. */
export interface SessionDevice {
  /** The browser's name (`Chrome`, `Mobile Safari`, `Firefox`...), when the User-Agent names one. */
  readonly browser?: string;
  /** The operating system's name (`Windows`, `Mac OS`, `iOS`, `Android`...), when named. */
  readonly os?: string;
  readonly type: SessionDeviceType;
}

/** One session of a user, as listed for "log out everywhere": no data, and no id (the key is not a credential). */
export interface SessionSummary {
  /** SHA-256 of the session id: an opaque handle, safe to show its owner. */
  readonly key: string;
  readonly createdAt: number;
  /**
   * Time of the last write: when the session was last seen (activity is recorded at most every
   * `touchAfter`, by the write that extends the session, never by a write of its own).
   */
  readonly touchedAt: number;
  readonly expiresAt: number;
  /** The User-Agent of the request that created it (`deviceDetails`). */
  readonly userAgent?: string;
  /** Its client, parsed from {@link userAgent} when listed (`type: 'unknown'` without one). */
  readonly device: SessionDevice;
  /**
   * The client IP of the request that created it (the login), as the platform saw it (`deviceDetails`);
   * absent when none was recorded, or while the user index does not project it yet (see the docs'
   * table migration).
   */
  readonly ip?: string;
}

/** One page of a user's sessions, most recently created first. */
export interface SessionPage {
  readonly sessions: SessionSummary[];
  /** Pass it as `cursor` for the next page; absent on the last page. */
  readonly cursor?: string;
}

/** Which page of a user's sessions {@link SessionRepository.listByUser} reads. */
export interface ListByUserOptions {
  /** At most this many sessions (1 to 1000). Default 100. */
  readonly limit?: number;
  /** The `cursor` of the previous page. */
  readonly cursor?: string;
}

/** How {@link SessionRepository.get} reads. */
export interface SessionReadOptions {
  /**
   * `true`: a strongly consistent read, which sees every write that succeeded before it. `false`: an
   * eventually consistent read (DynamoDB: half the read units), which may answer an older version of
   * the item, or none. Absent: strongly consistent unless the module's `consistentRead` is `false`.
   */
  readonly consistent?: boolean;
  /**
   * Also answer a session past its end (which TTL has not deleted yet), marked `ended` and without its
   * data, so that the caller can report it (a session event). Default: such a session is none.
   */
  readonly withEnded?: boolean;
}

/** A write to an existing session: top-level keys to set and to remove (both empty: a touch). */
export interface SessionChanges {
  readonly set: Readonly<Record<string, unknown>>;
  readonly remove: readonly string[];
  /** The whole data after the changes, for a store that cannot apply many key changes in one write. */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * Write this identity to the top-level `userId` attribute: a session of an older version whose
   * identity was the data key `userId` moves it there. Absent: the identity stays as stored.
   */
  readonly userId?: string;
  /**
   * The `valueSizes` of the {@link StoredSession} these changes were made to. The size limit then
   * counts each value of `data` that is not in `set` at its size there instead of coding it again
   * (compression, encryption); it refuses the same sizes either way. Absent: every value is coded.
   */
  readonly valueSizes?: Readonly<Record<string, number>>;
  /**
   * The JSON (`JSON.stringify`) of the values of `data`, by key, as far as the caller has it. A store
   * that counts sizes may then bound a value stored as it is by its JSON's length, and walk it only when
   * the session comes near the limit; it refuses the same sizes either way.
   */
  readonly json?: ReadonlyMap<string, string>;
  /**
   * Seal the item anew (the {@link StoredSession.resealDue} of the session these changes were made to),
   * with the identity of `details.userId` and the creation of `times`: the write then happens only if
   * the item holds those.
   */
  readonly reseal?: boolean;
}

/**
 * Where sessions live. The module's default is {@link DynamoSessionRepository}; inject it with
 * `@InjectSessionRepository()` or `@Inject(SessionRepository)`.
 *
 * Errors: a store failure rejects with a `SessionStoreUnavailableError` (code
 * `SESSION_STORE_UNAVAILABLE`; `SessionStoreRejectedError` for a request DynamoDB refused as wrong);
 * never with "no session".
 */
export interface SessionRepository {
  /**
   * The live session under `key`, or undefined when absent or past its expiry (TTL deletion lags).
   * Rejects with {@link SessionIntegrityError} when a stored value does not decode (encryption): the
   * session manager then treats the session as absent. A store without replicas (in memory) may
   * ignore `options.consistent`: its every read is consistent.
   */
  get(key: string, options?: SessionReadOptions): Promise<StoredSession | undefined>;
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
  update(
    key: string,
    changes: SessionChanges,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<boolean>;
  /**
   * Deletes a session; deleting a missing one is not an error. With `returning`, answers what the
   * deleted item held of its identity (undefined when there was no item): for a session deleted
   * without being read (a session event names its user).
   */
  delete(key: string, options?: { returning?: boolean }): Promise<DeletedSession | undefined>;
  /**
   * One page of the live sessions of a user (whose identity is `userId`), most recently created first:
   * at most `limit` (default 100), and a cursor for the next page. Reads only the summaries. Rejects
   * a cursor that is not one this method returned for this user with an {@link InvalidSessionCursorError}.
   */
  listByUser(userId: string, options?: ListByUserOptions): Promise<SessionPage>;
  /**
   * Deletes every session of a user created up to this call, except the one under `exceptKey`
   * (however recently created: an index that lags is no excuse); resolves how many it deleted.
   */
  destroyByUser(userId: string, options?: { exceptKey?: string }): Promise<number>;
  /**
   * Ends one session of `userId` by its handle (`session.handle`, a listed session's `key`): one
   * conditional DeleteItem. Resolves false, deleting nothing, for a handle that names no session of
   * that user (another user's, one already gone, or not a handle at all: then without a store call).
   */
  destroyByHandle(userId: string, handle: string): Promise<boolean>;
}

/**
 * What a repository tells when it ended sessions at the app's request (`destroyByUser`,
 * `destroyByHandle`): the core turns it into `revoked` events. Internal.
 */
export interface SessionEndings {
  revoked(userId: string, handles: readonly string[]): void;
}

/** Injection token of {@link SessionRepository} (same name, as in `@nestjs/throttler`). */
export const SessionRepository = Symbol('SessionRepository');
