import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SESSION_OPTIONS } from '../dynamo-session.constants.js';
import { SessionClock, systemClock } from '../session-clock.js';
import type { ResolvedSessionOptions } from '../resolved-session-options.js';
import {
  SessionRepository,
  type SessionTimes,
  type StoredSession,
} from '../repository/session-repository.js';
import { SessionIntegrityError } from '../repository/session-integrity.error.js';
import { SessionStoreError } from '../repository/session-store.error.js';
import { SessionTooLargeError } from '../repository/session-too-large.error.js';
import { LegacySessionStore, type LegacySession } from '../repository/legacy-session-store.js';
import { identityInData } from './identity-in-data.js';
import { LegacyMigration, legacySessionContents } from './legacy-migration.js';
import type { Session } from './session.js';
import { readOnlySession } from './read-only-session.js';
import { SessionCookie } from './session-cookie.js';
import { commitOnce, sessionFor, type LoadedSession } from './session-context.js';
import { SessionConflictError } from './session-conflict.error.js';
import { SessionNotStoredError } from './session-not-stored.error.js';
import { CSRF_SECRET_KEY, csrfTokenMatches } from './session-csrf.js';
import { serializeSessionValue, storableValue, withoutReservedKeys } from './session-data.js';
import { generateSessionId, sessionKey } from './session-id.js';
import type { SessionInput } from './session-input.js';
import { createSession, SessionState, stateOf } from './session-state.js';
import { SessionStoreRejectedError } from '../repository/session-store-rejected.error.js';
import { SessionStoreUnavailableError } from '../repository/session-store-unavailable.error.js';

/**
 * The transport-neutral core: loads the session of a unit of work (an HTTP request, a GraphQL
 * operation, a WebSocket message) once, through the per-unit memo, from what its transport read
 * ({@link SessionInput}), and saves it when the unit ends, writing as little as possible and answering
 * the Set-Cookie value to send, if any. Failures are its own errors ({@link SessionStoreUnavailableError},
 * {@link SessionStoreRejectedError}, {@link SessionConflictError}, `SessionTooLargeError`); each transport
 * maps them to its platform.
 */
@Injectable()
export class SessionManager {
  private readonly logger = new Logger('DynamoSession');
  private readonly cookie: SessionCookie;
  /** Reserved names found in stored data and already logged (each is logged once). */
  private readonly reservedLogged = new Set<string>();
  private proxyWarned = false;
  /** The move from connect-dynamodb (option `legacy`); undefined when it is off. */
  private readonly migration: LegacyMigration | undefined;

  constructor(
    @Inject(SessionRepository) private readonly repository: SessionRepository,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SessionClock) private readonly clock: SessionClock = systemClock,
    @Optional() @Inject(LegacySessionStore) legacyStore?: LegacySessionStore | null,
  ) {
    this.cookie = new SessionCookie(options.cookie, options.secrets);
    this.migration = LegacyMigration.of(options.legacy, legacyStore);
  }

  /**
   * The session of the unit of work `unit` (the memo key its transport picks): loaded from the store
   * when the cookie in `input()` verifies, else a new, unsaved one. `input` is read only on the first call.
   * With `consistent` (a guard), the stored session is read strongly consistently whatever
   * `consistentRead` says; see {@link LoadOptions}.
   */
  async load(
    unit: object,
    input: () => SessionInput,
    { consistent = false }: LoadOptions = {},
  ): Promise<Session> {
    const loaded = await sessionFor(unit, () => this.read(input(), consistent));
    const session = withData(loaded);
    if (consistent && !loaded.consistent) await this.confirm(loaded);
    return session;
  }

  /**
   * The session of `unit` for a handler that can only end it (its one session parameter is
   * `@Session('destroy')`): made from the cookie without reading the store, unless the unit loaded its
   * session already. `destroy()` then deletes the item the cookie names (a DeleteItem, no GetItem) and
   * clears the cookie; a unit that does not call it writes nothing. The item goes whatever it held:
   * its index entry with it, and a write racing it cannot bring it back (writes are conditional on a
   * live item).
   */
  async loadUnread(unit: object, input: () => SessionInput): Promise<Session> {
    const loaded = await sessionFor(unit, () => {
      const given = input();
      return this.namesLegacySession(given)
        ? this.read(given, false)
        : Promise.resolve(this.unread(given));
    });
    return loaded.session;
  }

  /**
   * Like {@link load}, but the unit's session is a read-only view ({@link readOnlySession}): every write
   * throws, saying `reason`. For a unit of work that can neither set a cookie nor save (a GraphQL
   * subscription); nothing commits it. Read strongly consistently: guards decide on it for the whole
   * connection.
   */
  async loadReadOnly(unit: object, input: () => SessionInput, reason: string): Promise<Session> {
    const loaded = await sessionFor(unit, async () => {
      // Read once for the whole connection, and guards decide on it: a consistent read.
      const read = await this.read(input(), true);
      return { ...read, session: readOnlySession(read.session, reason) };
    });
    return withData(loaded);
  }

  /**
   * Throws {@link SessionStoreUnavailableError} when `session` was made up because the store could not
   * be read (`failOpen`): whoever must decide on it (a guard) cannot tell what it holds.
   */
  assertKnown(session: Session): void {
    if (stateOf(session).unsaved) throw new SessionStoreUnavailableError();
  }

  /** Whether `token` is a CSRF token of `session` (see `session.csrfToken()`); constant-time. */
  csrfTokenMatches(session: Session, token: unknown): boolean {
    return csrfTokenMatches(stateOf(session).csrfSecret, token);
  }

  /**
   * Saves what the unit of work `unit` changed; answers the Set-Cookie values to send (a new or
   * re-signed cookie, or one that clears it; with `legacy`, also one that clears the legacy cookie).
   * Runs once per unit: later calls wait for it and answer none. `canSetCookie` is false when no cookie can reach the client any more (the headers of a
   * server-sent events stream are out, a WebSocket is open): then a new session is not stored, which
   * `notStored` says how to report: `'warn'` logs it (the stream goes on), `'throw'` fails the unit with
   * a {@link SessionNotStoredError} its client receives.
   */
  commit(
    unit: object,
    canSetCookie: boolean,
    notStored: NotStoredReport = 'warn',
  ): Promise<readonly string[]> {
    return commitOnce(unit, async (loaded) =>
      this.cookies(loaded, await this.save(loaded, canSetCookie, notStored)),
    );
  }

  /**
   * Ends the unit of work of a handler that threw: with `saveOnError` it saves like {@link commit}; else
   * it applies a `destroy()` (a logout holds even if the handler failed afterwards) and discards the rest.
   */
  commitAfterError(
    unit: object,
    canSetCookie: boolean,
    notStored: NotStoredReport = 'warn',
  ): Promise<readonly string[]> {
    return commitOnce(unit, async (loaded) => {
      if (this.options.saveOnError)
        return this.cookies(loaded, await this.save(loaded, canSetCookie, notStored));
      const { state } = loaded;
      if (!state.destroyed) return this.cookies(loaded, undefined);
      const retired = state.retiredKey;
      if (retired !== undefined) await this.store('delete', () => this.repository.delete(retired));
      if (loaded.legacy !== undefined) await this.endLegacy(loaded, loaded.legacy.session);
      state.retiredKey = undefined;
      return this.cookies(loaded, this.cookie.clear(loaded.https));
    });
  }

  /**
   * With `legacy`: no cookie of ours verifies but an express-session one does. Its session is read
   * even for a logout, which must end it too (else the next request would move it over).
   */
  private namesLegacySession(input: SessionInput): boolean {
    return (
      this.migration !== undefined &&
      this.cookie.read(input.cookieHeader).id === undefined &&
      this.migration.sidIn(input.cookieHeader) !== undefined
    );
  }

  private unread(input: SessionInput): LoadedSession {
    if (!input.https && input.untrustedHttps === true) this.warnAboutProxy();
    const { id } = this.cookie.read(input.cookieHeader);
    const now = this.clock.now();
    if (id === undefined) {
      return this.fresh(
        now,
        input.https,
        this.options.trackUserAgent ? input.userAgent : undefined,
      );
    }
    const state = new SessionState(id, now, now, now, sessionKey(id));
    state.unread = true;
    const session = createSession(state, {}, this.clock);
    // Nothing read, so nothing stale; load() refuses this session to whoever needs its data (withData).
    return { session, state, https: input.https, consistent: true };
  }

  /** The Set-Cookie values to send: ours, if any, and the legacy cookie's removal once its session ended. */
  private cookies(loaded: LoadedSession, ours: string | undefined): readonly string[] {
    const values = ours === undefined ? [] : [ours];
    if (loaded.legacyEnded === true && this.migration !== undefined)
      values.push(this.migration.clearCookie(loaded.https));
    return values;
  }

  /**
   * A unit loaded from an eventually consistent read, now asked for by a guard: one strongly consistent
   * read says whether its session still exists as read. A session that ended meanwhile (or that a stale
   * replica still had) fails the unit with a {@link SessionConflictError}.
   */
  private async confirm(loaded: LoadedSession): Promise<void> {
    const key = loaded.state.storedKey;
    if (key !== undefined && !loaded.state.unsaved) {
      const stored = await this.store('load', () => this.repository.get(key, { consistent: true }));
      // Gone, revoked, or written since the eventual read: the guard would decide on data it did not see.
      if (
        stored === undefined ||
        this.revoked(stored) ||
        stored.touchedAt !== loaded.state.touchedAt
      ) {
        throw new SessionConflictError(
          'The session ended or changed (logged out, regenerated, expired or written by another request) before this request could be checked. Try again.',
        );
      }
    }
    loaded.consistent = true;
  }

  private async read(input: SessionInput, consistent: boolean): Promise<LoadedSession> {
    const { https } = input;
    if (!https && input.untrustedHttps === true) this.warnAboutProxy();
    const agent = this.options.trackUserAgent ? input.userAgent : undefined;
    const { id, oldSecret, mark } = this.cookie.read(input.cookieHeader);
    const now = this.clock.now();
    if (id !== undefined) {
      const read = await this.fetch(id, mark, consistent || input.consistentRead === true);
      const stored = typeof read === 'string' ? read : read?.stored;
      if (stored === 'unavailable') return this.fresh(now, https, agent, { unsaved: true });
      if (stored === 'rejected') return { ...this.fresh(now, https, agent), clearCookie: true };
      if (stored !== undefined && typeof read === 'object') {
        const expiresAt = this.expiryOf(stored.createdAt, stored.touchedAt);
        // Live under the current timeouts, by the TTL attribute it was written with, and not revoked.
        if (now < expiresAt && now < stored.expiresAt && !this.revoked(stored)) {
          const { data, reserved } = withoutReservedKeys(stored.data);
          // A version before logIn() kept the identity as the data key userId: read it as the identity.
          const legacyUserId =
            stored.userId === undefined ? identityInData(stored.data) : undefined;
          this.logReserved(reserved.filter((name) => name !== 'userId'));
          const state = new SessionState(
            id,
            stored.createdAt,
            stored.touchedAt,
            expiresAt,
            stored.key,
            stored.userId ?? legacyUserId,
          );
          state.identityFromData = legacyUserId !== undefined;
          state.storedUserAgent = stored.userAgent;
          const session = createSession(state, data, this.clock);
          const resign = oldSecret === true;
          return { session, state, https, userAgent: agent, resign, consistent: read.consistent };
        }
      }
    }
    // No cookie of ours verified: with `legacy`, an express-session cookie may name a session to move.
    if (id === undefined && this.migration !== undefined) {
      const moving = await this.fromLegacy(this.migration, input.cookieHeader, now, https, agent);
      if (moving !== undefined) return moving;
    }
    // No cookie, a cookie that does not verify, or a session that is gone: a new session with a new id
    // (an id the client brought is never adopted).
    return this.fresh(now, https, agent);
  }

  /**
   * The session of an express-session cookie that verifies, with the data of its live connect-dynamodb
   * session under a new id, to move over when the unit commits; a fresh one that clears the legacy
   * cookie when that session is gone; undefined, without a store call, for a cookie that does not verify.
   */
  private async fromLegacy(
    migration: LegacyMigration,
    header: string | undefined,
    now: number,
    https: boolean,
    agent: string | undefined,
  ): Promise<LoadedSession | undefined> {
    const sid = migration.sidIn(header);
    if (sid === undefined) return undefined;
    let legacy: LegacySession | undefined;
    try {
      legacy = await migration.store.get(sid);
    } catch (error) {
      if (!(this.options.failOpen && error instanceof SessionStoreError))
        throw this.failure('load', error);
      this.logger.warn(
        `Could not load the legacy session, going on with an empty one that will not be saved (failOpen): ${error.message}`,
      );
      return this.fresh(now, https, agent, { unsaved: true });
    }
    if (legacy === undefined) return { ...this.fresh(now, https, agent), legacyEnded: true };
    const contents = legacySessionContents(legacy);
    const { data, reserved } = withoutReservedKeys(contents.data);
    this.logReserved(reserved.filter((name) => name !== 'userId'));
    const state = new SessionState(generateSessionId(), now, now, now, undefined, contents.userId);
    const session = createSession(state, data, this.clock);
    // The legacy item is read strongly consistently; no session of ours was read.
    const origin = { session: legacy, id: state.id };
    return { session, state, https, userAgent: agent, consistent: true, legacy: origin };
  }

  /** Logs, once per name, stored data keys that the session object keeps for itself (left out). */
  private logReserved(names: readonly string[]): void {
    const fresh = names.filter((name) => !this.reservedLogged.has(name));
    if (fresh.length === 0) return;
    for (const name of fresh) this.reservedLogged.add(name);
    this.logger.warn(
      `A stored session holds data under ${fresh.map((name) => `"${name}"`).join(', ')}, which the session object keeps for itself (RESERVED_SESSION_KEYS): left out of the session, and of its writes. Another tool or an older version wrote it; rename the key there. Logged once per name.`,
    );
  }

  /**
   * With `cookie.secure: 'auto'`, warns once when a request seen as plain HTTP says it came over HTTPS
   * through a proxy: the app does not trust the proxy, so the cookie goes without `Secure`.
   */
  private warnAboutProxy(): void {
    if (this.proxyWarned || this.options.cookie.secure !== 'auto') return;
    this.proxyWarned = true;
    this.logger.warn(
      "A request arrived with X-Forwarded-Proto: https but is seen as plain HTTP, so its session cookie is sent without Secure (cookie.secure: 'auto'). Behind a TLS-terminating proxy, trust it: app.set('trust proxy', 1) on Express, new FastifyAdapter({ trustProxy: true }) on Fastify; or set cookie.secure: true. Logged once.",
    );
  }

  private fresh(
    now: number,
    https: boolean,
    agent: string | undefined,
    { unsaved = false } = {},
  ): LoadedSession {
    const state = new SessionState(generateSessionId(), now, now, now);
    state.unsaved = unsaved;
    const session = createSession(state, {}, this.clock);
    return { session, state, https, userAgent: agent, consistent: true };
  }

  /** Whether `notBefore` ended the session (it was created before). */
  private revoked(stored: StoredSession): boolean {
    return stored.createdAt < (this.options.notBefore ?? 0);
  }

  /**
   * The write mark a cookie carries for the version of the session written at `touchedAt`: only with
   * `consistentRead: 'auto'`, the one mode that reads it (so the other modes issue the cookies of
   * versions before it).
   */
  private markOf(touchedAt: number): number | undefined {
    return this.options.consistentRead === 'auto' ? touchedAt : undefined;
  }

  /**
   * The stored session (see {@link readStored}); 'unavailable' when the store failed and `failOpen` lets
   * the request go on; 'rejected' when a stored value did not decode (tampered with, or its key was
   * removed): logged, and the request goes on with a fresh session, so a bad item cannot answer 500
   * again and again.
   */
  private async fetch(
    id: string,
    mark: number | undefined,
    consistent: boolean,
  ): Promise<StoredRead | undefined | 'unavailable' | 'rejected'> {
    try {
      return await this.readStored(sessionKey(id), mark, consistent);
    } catch (error) {
      if (error instanceof SessionIntegrityError) {
        this.logger.error(error.message);
        return 'rejected';
      }
      if (!(this.options.failOpen && error instanceof SessionStoreError))
        throw this.failure('load', error);
      this.logger.warn(
        `Could not load the session, going on with an empty one that will not be saved (failOpen): ${error.message}`,
      );
      return 'unavailable';
    }
  }

  /**
   * Reads the session under `key` as `consistentRead` says. With `'auto'`: an eventually consistent
   * read, whose answer is taken unless it could be stale for this client — no item (a miss), or a
   * version older than the cookie's write `mark` — and then exactly one strongly consistent read answers.
   * A cookie without a mark, and a `consistent` load (a guard, a WebSocket message), read consistently.
   */
  private async readStored(
    key: string,
    mark: number | undefined,
    consistent: boolean,
  ): Promise<StoredRead | undefined> {
    const mode = this.options.consistentRead;
    if (mode !== 'auto' || consistent || mark === undefined) {
      const strong = mode !== false || consistent;
      const stored = await this.repository.get(key, { consistent: strong });
      return stored === undefined ? undefined : { stored, consistent: strong };
    }
    const eventual = await this.repository.get(key, { consistent: false });
    if (eventual !== undefined && eventual.touchedAt >= mark) {
      return { stored: eventual, consistent: false };
    }
    const stored = await this.repository.get(key, { consistent: true });
    return stored === undefined ? undefined : { stored, consistent: true };
  }

  /** Expiry = min(last activity + idle timeout, creation + absolute timeout), in ms. */
  private expiryOf(createdAt: number, touchedAt: number): number {
    return Math.min(
      touchedAt + this.options.idleTimeout * 1000,
      createdAt + this.options.absoluteTimeout * 1000,
    );
  }

  private async save(
    loaded: LoadedSession,
    canSetCookie: boolean,
    notStored: NotStoredReport,
  ): Promise<string | undefined> {
    const { session, state } = loaded;
    if (state.unsaved) {
      // failOpen went on without the store: a change that cannot be saved is a failed request.
      const asked =
        Object.keys(session).length > 0 ||
        state.userId !== undefined ||
        state.destroyed ||
        state.touchRequested;
      if (!asked) return undefined;
      this.logger.error(
        'Could not save the session: the store was unavailable when it was loaded (failOpen)',
      );
      throw new SessionStoreUnavailableError();
    }
    // Never read, so nothing is known to write: only a destroy() (deleting the item) is applied.
    if (state.unread && !state.destroyed) return undefined;
    // A write's touchedAt is its version for the cookie's mark: strictly after the version it changes,
    // even on a server whose clock is behind the one that wrote that version.
    const now = state.isNew ? this.clock.now() : Math.max(this.clock.now(), state.touchedAt + 1);
    const current = new Map<string, string>();
    for (const key of Object.keys(session)) {
      const json = serializeSessionValue(key, session[key]);
      if (json !== undefined) current.set(key, json);
    }
    if (state.csrfSecret !== undefined) {
      current.set(CSRF_SECRET_KEY, JSON.stringify(state.csrfSecret));
    }
    const times: SessionTimes = {
      createdAt: state.createdAt,
      touchedAt: now,
      expiresAt: this.expiryOf(state.createdAt, now),
    };
    // The session left its stored item (logOut, regenerate) for a new one that may not be stored.
    const leavesItem = state.storedKey === undefined && state.retiredKey !== undefined;
    const written =
      state.storedKey !== undefined
        ? await this.saveStored(state, state.storedKey, current, times)
        : loaded.legacy !== undefined
          ? await this.saveMoved(loaded, loaded.legacy, current, times, canSetCookie, notStored)
          : await this.saveNew(state, current, times, loaded.userAgent, canSetCookie, notStored);
    if (written) {
      state.identityFromData = false;
      state.snapshot = current;
      state.touchedAt = now;
      state.expiresAt = times.expiresAt;
      return this.cookie.issue(state.id, times.expiresAt, now, loaded.https, this.markOf(now));
    }
    // Its old item was deleted and nothing took its place (a logOut or regenerate left it empty): the
    // cookie goes too, so no client keeps a cookie naming a deleted session, which a stale replica may
    // still answer for a moment.
    const ended = leavesItem && state.retiredKey === undefined;
    if (state.destroyed || ended || loaded.clearCookie === true) {
      return this.cookie.clear(loaded.https);
    }
    if (loaded.resign === true && state.storedKey !== undefined) {
      // Signed with an old secret: re-sign with the current one (no DynamoDB write), so a secret can
      // be retired once every active session has made a request.
      const mark = this.markOf(state.touchedAt);
      return this.cookie.issue(state.id, state.expiresAt, now, loaded.https, mark);
    }
    return undefined;
  }

  /** Writes the changed keys of a stored session, or extends its expiry when `touchAfter` has passed. */
  private async saveStored(
    state: SessionState,
    key: string,
    current: Map<string, string>,
    times: SessionTimes,
  ): Promise<boolean> {
    const setNames = [...current]
      .filter(([name, json]) => state.snapshot.get(name) !== json)
      .map(([name]) => name);
    const remove = [...state.snapshot.keys()].filter((name) => !current.has(name));
    const changed = setNames.length > 0 || remove.length > 0;
    if (!changed && !state.identityFromData) {
      const due =
        state.touchRequested || times.touchedAt - state.touchedAt >= this.options.touchAfter * 1000;
      if (!due || times.expiresAt <= state.expiresAt) return false;
    }
    // Each value is parsed and checked once: the whole data (for the size limit) holds the changed ones.
    const data = changed ? storableData(current) : {};
    const set = Object.fromEntries(setNames.map((name) => [name, data[name]]));
    const changes = {
      set,
      remove,
      data,
      ...(state.identityFromData ? { userId: state.userId } : {}),
    };
    const stored = { userId: state.userId, userAgent: state.storedUserAgent };
    const live = await this.store('save', () =>
      this.repository.update(key, changes, times, stored),
    );
    if (live) return true;
    if (changed) {
      throw new SessionConflictError(
        'The session ended (logged out, regenerated or expired) while this request was running; its changes were not saved.',
      );
    }
    return false;
  }

  /** Stores a new session when it holds data (or `saveUninitialized`), deleting the item it replaces. */
  private async saveNew(
    state: SessionState,
    current: Map<string, string>,
    times: SessionTimes,
    agent: string | undefined,
    canSetCookie: boolean,
    notStored: NotStoredReport,
  ): Promise<boolean> {
    const retired = state.retiredKey;
    const store = this.holdsAnything(state, current);
    // No client could ever send this session's id back: store nothing, and keep the session it
    // would have replaced (regenerate), so nothing is lost.
    if (store && !canSetCookie) return this.notStored(notStored);
    if (!store) {
      if (retired !== undefined) await this.store('delete', () => this.repository.delete(retired));
      state.retiredKey = undefined;
      return false;
    }
    const key = sessionKey(state.id);
    const data = storableData(current);
    const details = detailsOf(state, agent);
    if (retired === undefined) {
      await this.store('save', () => this.repository.create(key, data, times, details));
    } else {
      const previousTouchedAt = state.retiredTouchedAt;
      const replaced = await this.store('save', () =>
        this.repository.replace(retired, key, data, times, { ...details, previousTouchedAt }),
      );
      if (!replaced) {
        throw new SessionConflictError(
          'The session ended or changed while this request was running (logged out, or written by another request); it was not regenerated. Try again.',
        );
      }
    }
    state.retiredKey = undefined;
    state.storedKey = key;
    state.storedUserAgent = agent;
    return true;
  }

  /**
   * Stores a session loaded from a legacy one in its place: the legacy item's delete and the new item
   * in one transaction, so two parallel requests with one legacy cookie make one session (the other
   * answers as it read it, without a cookie of ours, or 409 if it changed something). A session that
   * holds nothing to store ends the legacy one alone. Without a cookie to set, the legacy one stays.
   */
  private async saveMoved(
    loaded: LoadedSession,
    legacy: NonNullable<LoadedSession['legacy']>,
    current: Map<string, string>,
    times: SessionTimes,
    canSetCookie: boolean,
    notStored: NotStoredReport,
  ): Promise<boolean> {
    const { state } = loaded;
    // Unchanged since it was read (the same id, the same data): nothing of this request would be lost.
    const untouched =
      state.id === legacy.id &&
      current.size === state.snapshot.size &&
      [...current].every(([name, json]) => state.snapshot.get(name) === json);
    if (!this.holdsAnything(state, current)) {
      await this.endLegacy(loaded, legacy.session);
      return false;
    }
    if (!canSetCookie) return untouched ? false : this.notStored(notStored);
    const key = sessionKey(state.id);
    const moved = {
      key,
      data: storableData(current),
      times,
      details: detailsOf(state, loaded.userAgent),
    };
    const outcome = await this.store('save', () =>
      (this.migration as LegacyMigration).store.move(legacy.session, moved),
    );
    loaded.legacyEnded = outcome !== 'changed';
    if (outcome === 'moved') {
      this.logger.log(
        `Moved a session over from connect-dynamodb (table "${this.options.legacy?.tableName}", option legacy)`,
      );
      state.storedKey = key;
      state.storedUserAgent = loaded.userAgent;
      return true;
    }
    if (untouched) return false;
    throw new SessionConflictError(
      outcome === 'gone'
        ? 'A parallel request moved this express-session session over first; the changes of this request were not saved. Try again.'
        : 'express-session changed this session while it was being moved over; the changes of this request were not saved. Try again.',
    );
  }

  /** Deletes the legacy session of the unit (unless express-session changed it since it was read). */
  private async endLegacy(loaded: LoadedSession, legacy: LegacySession): Promise<void> {
    const outcome = await this.store('delete', () =>
      (this.migration as LegacyMigration).store.end(legacy),
    );
    loaded.legacyEnded = outcome !== 'changed';
  }

  /** Whether a new session is stored: it holds data, an identity, or `saveUninitialized` keeps it. */
  private holdsAnything(state: SessionState, current: Map<string, string>): boolean {
    // A logged-in session is stored even without data: its identity is what it holds.
    return (
      current.size > 0 ||
      state.userId !== undefined ||
      (this.options.saveUninitialized && !state.destroyed)
    );
  }

  /** Reports a session that was not stored because no cookie can reach the client (see `commit`). */
  private notStored(notStored: NotStoredReport): false {
    if (notStored === 'throw') throw new SessionNotStoredError();
    this.logger.warn(
      'The session was not stored: the response headers were sent before it was saved (a server-sent events stream, or @Res() without passthrough), so its cookie could not be set. Start or regenerate the session in a regular request.',
    );
    return false;
  }

  /** Runs a store call, turning its failure into the core's error the unit of work fails with. */
  private async store<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.failure(action, error);
    }
  }

  /**
   * A store failure as the core's error, logged once: {@link SessionStoreUnavailableError} when DynamoDB
   * is down, slow or throttling; {@link SessionStoreRejectedError} when it rejected the request; a
   * `SessionTooLargeError` (session over `maxSessionSize`) as it is. Never "no session".
   */
  private failure(action: string, error: unknown): unknown {
    if (error instanceof SessionTooLargeError) {
      this.logger.warn(`Could not ${action} the session: ${error.message}`);
      return error;
    }
    if (!(error instanceof SessionStoreError)) return error;
    this.logger.error(`Could not ${action} the session: ${error.message}`);
    return error.rejected
      ? new SessionStoreRejectedError({ cause: error })
      : new SessionStoreUnavailableError({ cause: error });
  }
}

/**
 * How {@link SessionManager.commit} reports a session it could not store for want of a cookie: `'warn'`
 * logs it, `'throw'` fails the unit of work with a {@link SessionNotStoredError}.
 */
export type NotStoredReport = 'warn' | 'throw';

/**
 * The session of `loaded`, which must have been read: code that asks for the data of a unit whose
 * session was made without a read (for `@Session('destroy')`) would see none, so it fails naming the fix.
 */
function withData(loaded: LoadedSession): Session {
  if (!loaded.state.unread) return loaded.session;
  // A wiring mistake: a plain Error, so Nest logs it and the client sees a bare 500.
  throw new Error(
    "The session of this request was not read: its handler's only session parameter is @Session('destroy'), so the session was made without its data. Add @UseSession() to the handler (or take @Session() instead) for code that reads the session.",
  );
}

/** How {@link SessionManager.load} reads. */
export interface LoadOptions {
  /**
   * Read the stored session strongly consistently whatever `consistentRead` says: for a decision (a
   * guard) that must never be taken on a replica's stale answer. When the unit's session was already
   * loaded from an eventually consistent read, one consistent read confirms it still exists.
   */
  readonly consistent?: boolean;
}

/** A stored session, and whether the read that answered it was strongly consistent. */
interface StoredRead {
  readonly stored: StoredSession;
  readonly consistent: boolean;
}

/** What a new session's item records besides its data: the User-Agent (`trackUserAgent`) and the identity. */
function detailsOf(state: SessionState, agent: string | undefined) {
  return {
    ...(agent === undefined ? {} : { userAgent: agent }),
    ...(state.userId === undefined ? {} : { userId: state.userId }),
  };
}

/** The data to store: every value checked for what DynamoDB can hold. */
function storableData(current: Map<string, string>): Record<string, unknown> {
  return Object.fromEntries([...current].map(([name, json]) => [name, storableValue(name, json)]));
}
