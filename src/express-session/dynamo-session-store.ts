import { Logger } from '@nestjs/common';
import session from 'express-session';
import { createSessionClient } from '../dynamodb-client.factory.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { DynamoSessionRepository } from '../repository/dynamo-session.repository.js';
import { sessionValueCodecOf } from '../repository/session-value-codec.factory.js';
import { SessionIntegrityError } from '../repository/session-integrity.error.js';
import type { SessionChanges, SessionTimes } from '../repository/session-repository.js';
import { SessionStoreError } from '../repository/session-store.error.js';
import { changesBetween } from '../rules/session-changes.js';
import { isLive, lifetimeOf, type SessionLifetime } from '../rules/session-lifetime.js';
import { touchIsDue } from '../rules/session-touch.js';
import { checkDecodedSize } from '../session/change-plan.js';
import { sessionKey } from '../session/session-id.js';
import {
  resolveStoreOptions,
  type DynamoSessionStoreOptions,
} from './dynamo-session-store.options.js';
import { expressSessionExpiry, type ExpressSessionCookie } from './express-session-expiry.js';
import { cookieOf, plainData, valuesOf } from './express-session-data.js';
import { UnsupportedStoreOperationError } from './unsupported-store-operation.error.js';

type Callback = (error?: unknown) => void;
type Data = Record<string, unknown>;

/** What the store knows of a session it read or wrote: to write only what changed, and never bring it back. */
interface Known {
  readonly key: string;
  readonly createdAt: number;
  readonly touchedAt: number;
  /** The end it was stored with (epoch ms). */
  readonly expiresAt: number;
  /** The JSON of each top-level value as stored. */
  readonly values: ReadonlyMap<string, string>;
  /** Its next write seals the item anew (see `StoredSession.resealDue`). */
  readonly resealDue?: true;
}

/** Calls back with the promise's outcome: an error (a store error among them) is never swallowed. */
function settle<T>(
  promise: Promise<T>,
  callback: ((error: unknown, value?: T) => void) | undefined,
): void {
  promise.then(
    (value) => callback?.(null, value),
    (error: unknown) => callback?.(error),
  );
}

/**
 * An express-session `Store` on the table of `DynamoSessionModule`, through the same repository: one
 * item per session keyed by the SHA-256 of its id (the id itself is never stored), each top-level value
 * a key of the data map (encrypted and compressed as the module's options say), TTL on the expiry.
 *
 * - `get` is one `GetItem`; a session past its expiry is no session (TTL deletes late).
 * - `set` of a new session is a `PutItem` that never overwrites; of a session this store read, an
 *   `UpdateItem` of only the changed keys, on the condition that the session is still live: a `set`
 *   that races a `destroy` (or an expiry) writes nothing, so a destroyed session never comes back.
 * - The session ends at express-session's cookie expiry (`cookie.maxAge`), to the millisecond, never
 *   later than `absoluteTimeout` after its creation; without a cookie expiry, `idleTimeout` after the
 *   last write.
 * - `touch` writes the new expiry at most every `touchAfter`, and at least every half of the cookie's
 *   window, so a `rolling` app's active users are never logged out by the throttle (the touch rule).
 * - `clear` scans and deletes the whole table. `length` and `all` are not supported (a full scan, and
 *   the ids are not stored): they call back with an {@link UnsupportedStoreOperationError}.
 * - A DynamoDB failure calls back with a `SessionStoreUnavailableError` (code
 *   `SESSION_STORE_UNAVAILABLE`; `SessionStoreRejectedError` for a request DynamoDB refused as wrong),
 *   never with "no session".
 *
 * ```ts
 * import session from 'express-session';
 * import { DynamoSessionStore } from 'nestjs-dynamodb-session/express-session';
 *
 * app.use(session({ secret, resave: false, saveUninitialized: false, cookie: { maxAge: 86_400_000 },
 *   store: new DynamoSessionStore({ tableName: 'sessions' }) }));
 * ```
 */
export class DynamoSessionStore extends session.Store {
  private readonly options: ResolvedSessionOptions;
  /** The module's lifetime rules, with the cookie's expiry in place of the idle timeout (see below). */
  private readonly lifetime: SessionLifetime;
  /** The options' lifetime: `idleTimeout` ends a session whose cookie has no expiry. */
  private readonly limits: SessionLifetime;
  private readonly repository: DynamoSessionRepository;
  private readonly logger = new Logger('DynamoSessionStore');
  /** Sessions (express-session's objects, and the data `get` handed out) and what is known of each. */
  private readonly known = new WeakMap<object, Known>();

  constructor(options: DynamoSessionStoreOptions = {}) {
    super();
    this.options = resolveStoreOptions(options);
    // The session's end is its stored expiry (the cookie's, capped): the repository's own idle check
    // must not end it sooner, so it gets the absolute timeout as its idle window.
    const repositoryOptions = { ...this.options, idleTimeout: this.options.absoluteTimeout };
    this.lifetime = lifetimeOf(repositoryOptions);
    this.limits = lifetimeOf(this.options);
    // express-session signs the cookie with its own secret: the store has none. Its items are sealed
    // only with encryption on (under keys derived from the encryption keys).
    this.repository = new DynamoSessionRepository(
      createSessionClient(this.options).documentClient,
      repositoryOptions,
      sessionValueCodecOf(repositoryOptions, []),
    );
  }

  override get(
    sid: string,
    callback: (error: unknown, sessionData?: session.SessionData | null) => void,
  ): void {
    settle(this.read(sid), (error, data) => callback(error, error ? undefined : (data ?? null)));
  }

  override set(sid: string, sessionData: session.SessionData, callback?: Callback): void {
    settle(this.write(sid, sessionData), callback);
  }

  override touch(sid: string, sessionData: session.SessionData, callback?: Callback): void {
    settle(this.extend(sid, sessionData), callback);
  }

  override destroy(sid: string, callback?: Callback): void {
    settle(this.repository.delete(sessionKey(sid)), callback);
  }

  /** Deletes every session in the table: a full Scan and batched deletes (see docs/express-session-store.md for its cost). */
  override clear(callback?: Callback): void {
    settle(this.repository.deleteAll(), callback);
  }

  /** Not supported (a full table scan): calls back with an {@link UnsupportedStoreOperationError}. */
  override length(callback: (error: unknown, length?: number) => void): void {
    callback(
      new UnsupportedStoreOperationError(
        'length',
        'To count the sessions of a user, log them in with DynamoSessionModule and use SessionRepository.listByUser().',
      ),
    );
  }

  /** Not supported (a full table scan): calls back with an {@link UnsupportedStoreOperationError}. */
  override all(callback: (error: unknown, sessions?: session.SessionData[] | null) => void): void {
    callback(
      new UnsupportedStoreOperationError(
        'all',
        "To list a user's sessions, log them in with DynamoSessionModule and use SessionRepository.listByUser().",
      ),
    );
  }

  /** express-session turns what `get` answered into its session object: remember what was read of it. */
  override createSession(
    req: Parameters<session.Store['createSession']>[0],
    sessionData: session.SessionData,
  ) {
    const known = this.known.get(sessionData);
    const created = super.createSession(req, sessionData);
    if (known !== undefined) this.known.set(created, known);
    return created;
  }

  private async read(sid: string): Promise<session.SessionData | undefined> {
    const key = sessionKey(sid);
    const known = await this.lookUp(key);
    if (known === undefined) return undefined;
    const data = Object.fromEntries(
      [...known.values].map(([name, json]) => [name, JSON.parse(json) as unknown]),
    ) as unknown as session.SessionData;
    this.known.set(data, known);
    return data;
  }

  /** The stored session under `key`, or undefined (absent, expired, or a value that does not decode). */
  private async lookUp(key: string): Promise<Known | undefined> {
    try {
      const stored = await this.repository.get(key);
      // Past its end, or ended by notBefore (the item stays until its TTL): as in the module.
      if (stored === undefined || !isLive(stored, Date.now(), this.lifetime)) return undefined;
      const { createdAt, touchedAt, expiresAt, resealDue } = stored;
      const values = valuesOf(stored.data);
      return { key, createdAt, touchedAt, expiresAt, values, ...(resealDue ? { resealDue } : {}) };
    } catch (error) {
      // As in the module: a value that does not authenticate is never accepted, and never a 500 each time.
      if (!(error instanceof SessionIntegrityError)) throw error;
      this.logger.error(error.message);
      return undefined;
    }
  }

  private async write(sid: string, sessionData: session.SessionData): Promise<void> {
    const key = sessionKey(sid);
    const data = plainData(sessionData);
    // The JSON of each value, made once: what changed, and what is then known as stored.
    const values = valuesOf(data);
    checkDecodedSize(values, this.options.maxDecodedSize);
    let known = this.knownAs(sessionData, key);
    if (known === undefined) {
      // A session this store did not read: a new one (express-session generated its id).
      const now = Date.now();
      const times = this.timesOf(cookieOf(data), now, now);
      try {
        await this.repository.create(key, data, times);
        this.remember(sessionData, key, times, values);
        return;
      } catch (error) {
        if (!(
          error instanceof SessionStoreError &&
          error.awsErrorName === 'ConditionalCheckFailedException'
        ))
          throw error;
      }
      // The id is taken: a session set through the Store API without reading it first. Update it if it
      // is live; an ended one (destroyed meanwhile, or expired) stays ended.
      known = await this.lookUp(key);
      if (known === undefined) return;
    }
    const changes = { ...changesOf(known.values, values, data), reseal: known.resealDue === true };
    const times = this.timesOf(cookieOf(data), known.createdAt, Date.now());
    // Conditional on the session being live: false means it was destroyed or expired meanwhile, and
    // the write is dropped rather than bringing it back.
    if (await this.repository.update(key, changes, times))
      this.remember(sessionData, key, times, values);
  }

  private async extend(sid: string, sessionData: session.SessionData): Promise<void> {
    const key = sessionKey(sid);
    const known = this.knownAs(sessionData, key) ?? (await this.lookUp(key));
    if (known === undefined) return;
    const now = Date.now();
    const cookie = sessionData.cookie as ExpressSessionCookie | undefined;
    const times = this.timesOf(cookie, known.createdAt, now);
    const timing = {
      lastWrite: known.touchedAt,
      now,
      extendedUntil: times.expiresAt,
      storedUntil: known.expiresAt,
      touchAfterMs: this.options.touchAfter * 1000,
    };
    if (!touchIsDue(timing)) return;
    // Only the times change: the data, as stored, is neither written nor coded again.
    const touch: SessionChanges = {
      set: {},
      remove: [],
      data: {},
      reseal: known.resealDue === true,
    };
    if (await this.repository.update(key, touch, times))
      this.known.set(sessionData, {
        key,
        createdAt: known.createdAt,
        touchedAt: now,
        expiresAt: times.expiresAt,
        values: known.values,
      });
  }

  private knownAs(sessionData: object, key: string): Known | undefined {
    const known = this.known.get(sessionData);
    return known?.key === key ? known : undefined;
  }

  private remember(
    sessionData: object,
    key: string,
    times: SessionTimes,
    values: ReadonlyMap<string, string>,
  ): void {
    const { createdAt, touchedAt, expiresAt } = times;
    this.known.set(sessionData, { key, createdAt, touchedAt, expiresAt, values });
  }

  /** The times of a write at `now`: the session ends at its cookie's expiry (see `expressSessionExpiry`). */
  private timesOf(
    cookie: ExpressSessionCookie | undefined,
    createdAt: number,
    now: number,
  ): SessionTimes {
    const expiresAt = expressSessionExpiry(cookie, createdAt, now, this.limits);
    return { createdAt, touchedAt: now, expiresAt };
  }
}

/**
 * The top-level keys to set and to remove to go from what is stored to `data`, whose values' JSON is
 * `values` (the change rule).
 */
function changesOf(
  stored: ReadonlyMap<string, string>,
  values: ReadonlyMap<string, string>,
  data: Data,
): SessionChanges {
  const { set, remove } = changesBetween(stored, values);
  return { set: Object.fromEntries(set.map((name) => [name, data[name]])), remove, data };
}
