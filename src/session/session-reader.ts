import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import type { SessionRepository, StoredSession } from '../repository/session-repository.js';
import { SessionIntegrityError } from '../repository/session-integrity.error.js';
import type { SessionClock } from '../session-clock.js';
import {
  expiryAfterWrite,
  isLive,
  isRevoked,
  lifetimeOf,
  type SessionLifetime,
} from '../rules/session-lifetime.js';
import { storedIdentity } from '../rules/session-identity.js';
import type { Logger } from '@nestjs/common';
import type { LoadedSession } from './session-context.js';
import { clientDetailsOf, type ClientDetails } from './client-details.js';
import type { CsrfCookie } from './csrf-cookie.js';
import type { SessionCookie, SessionCookieReading } from './session-cookie.js';
import { withoutReservedKeys } from './session-data.js';
import type { SessionFallback } from './session-fallback.js';
import { generateSessionId, sessionKey } from './session-id.js';
import { withCsrfCookie } from './pre-session-csrf.js';
import type { SessionInput } from './session-input.js';
import type { SessionEvents } from './session-events.js';
import type { SessionTokens } from './session-tokens.js';
import type { SessionNotices } from './session-notices.js';
import { createSession } from './session-object.js';
import { SessionState } from './session-state.js';
import { STORE_UNAVAILABLE, type StoreCalls } from './store-calls.js';
import { readStored, type StoredRead } from './stored-read.js';

/** What the reader needs around it: the core's collaborators, shared with the writer. */
export interface ReaderDeps {
  readonly repository: SessionRepository;
  readonly options: ResolvedSessionOptions;
  readonly clock: SessionClock;
  readonly cookie: SessionCookie;
  readonly tokens: SessionTokens;
  readonly csrfCookie: CsrfCookie;
  readonly calls: StoreCalls;
  readonly notices: SessionNotices;
  readonly logger: Logger;
  readonly fallback: SessionFallback | undefined;
  /** Where a session found ended on read is reported (`expired`, `revoked`); none: not reported. */
  readonly events?: SessionEvents;
}

/** The `authenticatedAt` of a session whose login time is unknown (moved by a fallback): long ago. */
const UNKNOWN_AUTHENTICATION = 0;

/**
 * The read path: the session of a unit of work from what its transport read. A cookie of ours that
 * verifies names a stored session, read as `consistentRead` says and taken only while it is live
 * (the lifetime rules); else a `SessionFallback` may name one; else the session is new, with a new id
 * (an id the client brought is never adopted).
 */
export class SessionReader {
  private readonly lifetime: SessionLifetime;

  constructor(private readonly deps: ReaderDeps) {
    this.lifetime = lifetimeOf(deps.options);
  }

  /**
   * The session `input` names, read (strongly consistently when `consistent`), or a new one. A header
   * client's is the one its token names (its cookies are not read); a cookie client's, the one its
   * cookie names, else its fallback's, with the pre-session CSRF cookie it carries (see `withCsrfCookie`).
   */
  async read(input: SessionInput, consistent: boolean): Promise<LoadedSession> {
    const token = this.deps.tokens.of(input);
    if (token !== undefined)
      return viaToken(await this.readSession(input, consistent, this.deps.cookie.readToken(token)));
    const reading = this.deps.cookie.read(input.cookieHeader);
    const loaded = await this.readSession(input, consistent, reading, true);
    return this.withCsrfCookie(loaded, input);
  }

  private async readSession(
    input: SessionInput,
    consistent: boolean,
    { id, oldSecret, mark }: SessionCookieReading,
    cookieClient = false,
  ): Promise<LoadedSession> {
    this.noteProxy(input);
    if (id !== undefined) {
      const read = await this.fetch(id, mark, consistent || input.consistentRead === true);
      if (read === 'unavailable') return this.fresh(input, { unsaved: true });
      if (read === 'rejected') return { ...this.fresh(input), clearCookie: true };
      if (read !== undefined && isLive(read.stored, this.deps.clock.now(), this.lifetime)) {
        try {
          return this.stored(input, id, read, oldSecret === true);
        } catch (error) {
          // A value read to load the session (its CSRF secret, an older version's identity) that
          // does not decode: rejected like any other, never a 500 on every request.
          if (!(error instanceof SessionIntegrityError)) throw error;
          this.deps.logger.error(error.message);
          return { ...this.fresh(input), clearCookie: true };
        }
      }
      if (read !== undefined) this.endedOnRead(read.stored);
      return this.fresh(input);
    }
    return (cookieClient ? await this.fromFallback(input) : undefined) ?? this.fresh(input);
  }

  /**
   * The session `input`'s cookie names, made without reading the store (for a handler that can only
   * end it); a session a fallback names is read, so that ending it ends that one too.
   */
  async unread(input: SessionInput): Promise<LoadedSession> {
    const token = this.deps.tokens.of(input);
    if (token !== undefined)
      return viaToken(this.unreadOf(input, this.deps.cookie.readToken(token)));
    const reading = this.deps.cookie.read(input.cookieHeader);
    if (reading.id === undefined && this.deps.fallback?.names(input) === true)
      return this.read(input, false);
    return this.withCsrfCookie(this.unreadOf(input, reading), input);
  }

  /** The session `reading` names, made without a read; a new one when it names none. */
  private unreadOf(input: SessionInput, { id }: SessionCookieReading): LoadedSession {
    this.noteProxy(input);
    if (id === undefined) return this.fresh(input);
    const now = this.deps.clock.now();
    const state = new SessionState(id, now, now, now, sessionKey(id));
    state.unread = true;
    const session = createSession(state, {}, this.deps.clock);
    // Nothing read, so nothing stale; the manager refuses its data to whoever needs it.
    return { session, state, https: input.https, consistent: true };
  }

  private withCsrfCookie(loaded: LoadedSession, input: SessionInput): LoadedSession {
    return withCsrfCookie(loaded, this.deps.csrfCookie, input.cookieHeader);
  }

  /** Reports a stored session a read found ended: `revoked` by `notBefore`, else `expired`. */
  private endedOnRead(stored: StoredSession): void {
    const { events, clock } = this.deps;
    if (events?.enabled !== true) return;
    const type = isRevoked(stored.createdAt, this.lifetime) ? 'revoked' : 'expired';
    events.emit({ type, userId: stored.userId, handle: stored.key, at: clock.now() });
  }

  /** The live stored session `read` under the id `id`. */
  private stored(
    input: SessionInput,
    id: string,
    read: StoredRead,
    resign: boolean,
  ): LoadedSession {
    const { stored } = read;
    const { data, reserved } = withoutReservedKeys(stored.data);
    // A version before logIn() kept the identity as the data key userId: read it as the identity.
    const dataUserId = stored.userId === undefined ? storedIdentity(stored) : undefined;
    this.deps.notices.reservedKeys(reserved);
    const state = new SessionState(
      id,
      stored.createdAt,
      stored.touchedAt,
      expiryAfterWrite(stored.createdAt, stored.touchedAt, this.lifetime),
      stored.key,
      stored.userId ?? dataUserId,
    );
    state.identityFromData = dataUserId !== undefined;
    state.authenticatedAt = stored.authenticatedAt;
    state.storedClient = { userAgent: stored.userAgent, clientIp: stored.clientIp };
    state.valueSizes = stored.valueSizes;
    state.resealDue = stored.resealDue === true;
    state.storedData = stored.data;
    const session = createSession(state, data, this.deps.clock);
    const client = this.clientOf(input);
    return { session, state, https: input.https, client, resign, consistent: read.consistent };
  }

  /**
   * With a {@link SessionFallback}: the session its cookie names, under a new id, to be stored in its
   * origin's place when the unit commits, if the lifetime rules let it live from its creation as its
   * origin knows it; a fresh one that clears its cookie when it is gone, or that also ends it when it is
   * not live; undefined, without a store call, when the fallback names none.
   */
  private async fromFallback(input: SessionInput): Promise<LoadedSession | undefined> {
    const { fallback, calls, clock } = this.deps;
    if (fallback === undefined || !fallback.names(input)) return undefined;
    const found = await calls.load(fallback.sessionName, () => fallback.load(input));
    if (found === undefined) return undefined;
    if (found === STORE_UNAVAILABLE) return this.fresh(input, { unsaved: true });
    const now = clock.now();
    if (!found.found) return { ...this.fresh(input), originEnded: true };
    const origin = found;
    if (!this.livesFrom(origin.createdAt, now)) {
      // Not served (revoked, or past the absolute timeout by its own age): a new, empty session whose
      // commit ends the origin (it holds nothing to move), and its cookie with it.
      const fresh = this.fresh(input);
      return { ...fresh, origin: { source: origin.origin, id: fresh.state.id } };
    }
    const { data, reserved } = withoutReservedKeys(origin.data);
    this.deps.notices.reservedKeys(reserved);
    const { userId, createdAt } = origin;
    const state = new SessionState(generateSessionId(), createdAt, now, now, undefined, userId);
    // When its user last logged in is unknown (its creation is an estimate): not recent, for
    // `@RequireRecentLogin()`, until they log in or reauthenticate here.
    if (userId !== undefined) state.authenticatedAt = UNKNOWN_AUTHENTICATION;
    const session = createSession(state, data, clock);
    // The origin is read strongly consistently; no session of ours was read.
    return {
      session,
      state,
      https: input.https,
      client: this.clientOf(input),
      consistent: true,
      origin: { source: origin.origin, id: state.id },
    };
  }

  /** Whether a session created at `createdAt` may still live at `now` (absolute timeout, notBefore). */
  private livesFrom(createdAt: number, now: number): boolean {
    return isLive({ createdAt, touchedAt: now, expiresAt: Infinity }, now, this.lifetime);
  }

  /**
   * The stored session under the cookie's id (see {@link readStored}); 'unavailable' when the store failed
   * and `failOpen` lets the unit go on; 'rejected' when a stored value did not decode (tampered with, or
   * its key was removed): logged, and the unit goes on with a fresh session, so a bad item cannot
   * answer 500 again and again.
   */
  private async fetch(
    id: string,
    mark: number | undefined,
    consistent: boolean,
  ): Promise<StoredRead | undefined | 'unavailable' | 'rejected'> {
    const { repository, options, calls, logger, events } = this.deps;
    // A session past its end is read too when it is worth an event (`expired`).
    const withEnded = events?.enabled === true;
    try {
      const read = await calls.load('the session', () =>
        readStored(repository, options.consistentRead, sessionKey(id), mark, consistent, withEnded),
      );
      return read === STORE_UNAVAILABLE ? 'unavailable' : read;
    } catch (error) {
      if (!(error instanceof SessionIntegrityError)) throw error;
      // Sealed under a secret this instance lacks (a rotation not yet everywhere): no session here,
      // but the cookie stays for the instances that have it.
      if (error.sealKeyMissing) {
        logger.warn(error.message);
        return undefined;
      }
      logger.error(error.message);
      return 'rejected';
    }
  }

  /** A new, unsaved session; `unsaved` when the store could not be read (`failOpen`): never written. */
  fresh(input: SessionInput, { unsaved = false } = {}): LoadedSession {
    const now = this.deps.clock.now();
    const state = new SessionState(generateSessionId(), now, now, now);
    state.unsaved = unsaved;
    const session = createSession(state, {}, this.deps.clock);
    return { session, state, https: input.https, client: this.clientOf(input), consistent: true };
  }

  private clientOf(input: SessionInput): ClientDetails {
    return clientDetailsOf(input, this.deps.options.deviceDetails);
  }

  private noteProxy(input: SessionInput): void {
    if (!input.https && input.untrustedHttps === true && this.deps.options.cookie.secure === 'auto')
      this.deps.notices.untrustedProxy();
  }
}

/** `loaded`, noted as a header client's (see `SessionState.viaToken`). */
function viaToken(loaded: LoadedSession): LoadedSession {
  loaded.state.viaToken = true;
  return loaded;
}

/** How `SessionManager.load` reads. */
export interface LoadOptions {
  /**
   * Read the stored session strongly consistently whatever `consistentRead` says: for a decision (a
   * guard) that must never be taken on a replica's stale answer. When the unit's session was already
   * loaded from an eventually consistent read, one consistent read confirms it still exists.
   */
  readonly consistent?: boolean;
}
