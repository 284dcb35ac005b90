import {
  ConflictException,
  Inject,
  Injectable,
  InternalServerErrorException,
  Logger,
  Optional,
  PayloadTooLargeException,
} from '@nestjs/common';
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
import { SessionStoreUnavailableException } from '../http/session-store-unavailable.exception.js';
import {
  appendSetCookie,
  cookieHeader,
  forwardedProto,
  headersSent,
  isHttps,
  userAgent,
} from '../http/http-exchange.js';
import type { Session } from './session.js';
import { SessionCookie } from './session-cookie.js';
import { commitOnce, sessionFor, type LoadedSession } from './session-context.js';
import { CSRF_SECRET_KEY, csrfTokenMatches } from './session-csrf.js';
import { serializeSessionValue, storableValue, withoutReservedKeys } from './session-data.js';
import { generateSessionId, sessionKey } from './session-id.js';
import { createSession, SessionState, stateOf } from './session-state.js';

/**
 * Loads a request's session (once, through the per-request memo) and saves it when the request ends,
 * writing as little as possible. Used by the interceptor and the guard.
 */
@Injectable()
export class SessionManager {
  private readonly logger = new Logger('DynamoSession');
  private readonly cookie: SessionCookie;
  /** Reserved names found in stored data and already logged (each is logged once). */
  private readonly reservedLogged = new Set<string>();
  private proxyWarned = false;

  constructor(
    @Inject(SessionRepository) private readonly repository: SessionRepository,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SessionClock) private readonly clock: SessionClock = systemClock,
  ) {
    this.cookie = new SessionCookie(options.cookie, options.secrets);
  }

  /** The request's session: loaded from the store when its cookie verifies, else a new, unsaved one. */
  async load(request: object): Promise<Session> {
    return (await sessionFor(request, () => this.read(request))).session;
  }

  /** Whether `session` was made up because the store could not be read (`failOpen`). */
  isStandIn(session: Session): boolean {
    return stateOf(session).unsaved;
  }

  /** Whether `token` is a CSRF token of `session` (see `session.csrfToken()`); constant-time. */
  csrfTokenMatches(session: Session, token: unknown): boolean {
    return csrfTokenMatches(stateOf(session).csrfSecret, token);
  }

  /** Saves what the request changed and sets or clears the cookie. Runs once per request. */
  commit(request: object, response: object): Promise<void> {
    return commitOnce(request, (loaded) => this.save(loaded, response));
  }

  /**
   * Ends the request of a handler that threw: with `saveOnError` it saves like {@link commit}; else it
   * applies a `destroy()` (a logout holds even if the handler failed afterwards) and discards the rest.
   */
  commitAfterError(request: object, response: object): Promise<void> {
    return commitOnce(request, async (loaded) => {
      if (this.options.saveOnError) return this.save(loaded, response);
      const { state } = loaded;
      if (!state.destroyed) return;
      const retired = state.retiredKey;
      if (retired !== undefined) await this.store('delete', () => this.repository.delete(retired));
      state.retiredKey = undefined;
      this.setCookie(response, this.cookie.clear(loaded.https));
    });
  }

  private async read(request: object): Promise<LoadedSession> {
    const https = isHttps(request);
    if (!https) this.warnAboutProxy(request);
    const agent = this.options.trackUserAgent ? userAgent(request) : undefined;
    const { id, oldSecret } = this.cookie.read(cookieHeader(request));
    const now = this.clock.now();
    if (id !== undefined) {
      const stored = await this.fetch(id);
      if (stored === 'unavailable') return this.fresh(now, https, agent, { unsaved: true });
      if (stored === 'rejected') return { ...this.fresh(now, https, agent), clearCookie: true };
      if (stored !== undefined) {
        const expiresAt = this.expiryOf(stored.createdAt, stored.touchedAt);
        // Live under the current timeouts, by the TTL attribute it was written with, and not revoked.
        const revoked = stored.createdAt < (this.options.notBefore ?? 0);
        if (now < expiresAt && now < stored.expiresAt && !revoked) {
          const { data, reserved } = withoutReservedKeys(stored.data);
          // A version before logIn() kept the identity as the data key userId: read it as the identity.
          const legacyUserId =
            stored.userId === undefined ? legacyIdentity(stored.data) : undefined;
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
          return { session, state, https, userAgent: agent, resign: oldSecret === true };
        }
      }
    }
    // No cookie, a cookie that does not verify, or a session that is gone: a new session with a new id
    // (an id the client brought is never adopted).
    return this.fresh(now, https, agent);
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
  private warnAboutProxy(request: object): void {
    if (this.proxyWarned || this.options.cookie.secure !== 'auto') return;
    if (forwardedProto(request) !== 'https') return;
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
    return { session: createSession(state, {}, this.clock), state, https, userAgent: agent };
  }

  /**
   * The stored session; 'unavailable' when the store failed and `failOpen` lets the request go on;
   * 'rejected' when a stored value did not decode (tampered with, or its key was removed): logged,
   * and the request goes on with a fresh session, so a bad item cannot answer 500 again and again.
   */
  private async fetch(id: string): Promise<StoredSession | undefined | 'unavailable' | 'rejected'> {
    try {
      return await this.repository.get(sessionKey(id));
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

  /** Expiry = min(last activity + idle timeout, creation + absolute timeout), in ms. */
  private expiryOf(createdAt: number, touchedAt: number): number {
    return Math.min(
      touchedAt + this.options.idleTimeout * 1000,
      createdAt + this.options.absoluteTimeout * 1000,
    );
  }

  private async save(loaded: LoadedSession, response: object): Promise<void> {
    const { session, state } = loaded;
    if (state.unsaved) {
      // failOpen went on without the store: a change that cannot be saved is a failed request.
      const asked =
        Object.keys(session).length > 0 ||
        state.userId !== undefined ||
        state.destroyed ||
        state.touchRequested;
      if (!asked) return;
      this.logger.error(
        'Could not save the session: the store was unavailable when it was loaded (failOpen)',
      );
      throw new SessionStoreUnavailableException();
    }
    const now = this.clock.now();
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
    const written =
      state.storedKey !== undefined
        ? await this.saveStored(state, state.storedKey, current, times)
        : await this.saveNew(state, current, times, loaded.userAgent, !headersSent(response));
    if (written) {
      state.identityFromData = false;
      state.snapshot = current;
      state.touchedAt = now;
      state.expiresAt = times.expiresAt;
      this.setCookie(response, this.cookie.issue(state.id, times.expiresAt, now, loaded.https));
    } else if (state.destroyed || loaded.clearCookie === true) {
      this.setCookie(response, this.cookie.clear(loaded.https));
    } else if (loaded.resign === true && state.storedKey !== undefined) {
      // Signed with an old secret: re-sign with the current one (no DynamoDB write), so a secret can
      // be retired once every active session has made a request.
      this.setCookie(response, this.cookie.issue(state.id, state.expiresAt, now, loaded.https));
    }
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
      throw new ConflictException(
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
  ): Promise<boolean> {
    const retired = state.retiredKey;
    // A logged-in session is stored even without data: its identity is what it holds.
    const store =
      current.size > 0 ||
      state.userId !== undefined ||
      (this.options.saveUninitialized && !state.destroyed);
    if (store && !canSetCookie) {
      // No client could ever send this session's id back: store nothing, and keep the session it
      // would have replaced (regenerate), so nothing is lost.
      this.logger.warn(
        'The session was not stored: the response headers were sent before it was saved (a server-sent events stream, or @Res() without passthrough), so its cookie could not be set. Start or regenerate the session in a regular request.',
      );
      return false;
    }
    if (!store) {
      if (retired !== undefined) await this.store('delete', () => this.repository.delete(retired));
      state.retiredKey = undefined;
      return false;
    }
    const key = sessionKey(state.id);
    const data = storableData(current);
    const details = {
      ...(agent === undefined ? {} : { userAgent: agent }),
      ...(state.userId === undefined ? {} : { userId: state.userId }),
    };
    if (retired === undefined) {
      await this.store('save', () => this.repository.create(key, data, times, details));
    } else {
      const previousTouchedAt = state.retiredTouchedAt;
      const replaced = await this.store('save', () =>
        this.repository.replace(retired, key, data, times, { ...details, previousTouchedAt }),
      );
      if (!replaced) {
        throw new ConflictException(
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
   * Sets the cookie unless the headers are out already (a server-sent events stream): then the cookie
   * the client holds stays as it is, which is only a problem for a new id, and saveNew stores none.
   */
  private setCookie(response: object, value: string): void {
    if (!headersSent(response)) appendSetCookie(response, value);
  }

  /** Runs a store call, turning its failure into the HTTP error the request answers with. */
  private async store<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.failure(action, error);
    }
  }

  /**
   * A store failure as an HTTP error, logged once: 503 (with Retry-After) when DynamoDB is down, slow or
   * throttling; 500 when it rejected the request; 413 for a session over `maxSessionSize`. Never "no session".
   */
  private failure(action: string, error: unknown): unknown {
    if (error instanceof SessionTooLargeError) {
      this.logger.warn(`Could not ${action} the session: ${error.message}`);
      return new PayloadTooLargeException(error.message);
    }
    if (!(error instanceof SessionStoreError)) return error;
    this.logger.error(`Could not ${action} the session: ${error.message}`);
    return error.rejected
      ? new InternalServerErrorException('The session store rejected the session.')
      : new SessionStoreUnavailableException();
  }
}

/** The identity an older version kept as the data key `userId` (a non-empty string or a finite number). */
function legacyIdentity(data: Readonly<Record<string, unknown>>): string | undefined {
  const value = data['userId'];
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/** The data to store: every value checked for what DynamoDB can hold. */
function storableData(current: Map<string, string>): Record<string, unknown> {
  return Object.fromEntries([...current].map(([name, json]) => [name, storableValue(name, json)]));
}
