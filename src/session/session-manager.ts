import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SESSION_EVENT_LISTENERS, SESSION_OPTIONS } from '../dynamo-session.constants.js';
import { SessionClock, systemClock } from '../session-clock.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionRepository } from '../repository/session-repository.js';
import { loginIsRecent } from '../rules/recent-login.js';
import type { Session } from './session.js';
import { readOnlySession } from './read-only-session.js';
import { SessionCookie } from './session-cookie.js';
import { CsrfCookie } from './csrf-cookie.js';
import { CommitAnswer } from './commit-answer.js';
import type { SessionAnswer } from './session-answer.js';
import { SessionTokens } from './session-tokens.js';
import { commitOnce, loadedSession, sessionFor, type LoadedSession } from './session-context.js';
import { csrfTokenMatches } from './session-csrf.js';
import { SessionFallback } from './session-fallback.js';
import type { SessionInput } from './session-input.js';
import { SessionNotices } from './session-notices.js';
import { SessionReader, type LoadOptions } from './session-reader.js';
import { SessionRecheck } from './session-recheck.js';
import { stateOf } from './session-state.js';
import { SessionStoreUnavailableError } from '../repository/session-store-unavailable.error.js';
import { SessionWriter, type NotStoredReport, type SaveOutcome } from './session-writer.js';
import { committedEvents } from './committed-events.js';
import type { SessionEventListener } from './session-event.js';
import { SessionEvents } from './session-events.js';
import { StoreCalls } from './store-calls.js';

export type { NotStoredReport } from './session-writer.js';

/**
 * The transport-neutral core: loads the session of a unit of work (an HTTP request, a GraphQL
 * operation, a WebSocket message) once, through the per-unit memo, from what its transport read
 * ({@link SessionInput}), and saves it when the unit ends, answering the Set-Cookie values to send.
 * It orchestrates: the {@link SessionReader} reads, the {@link SessionWriter} carries out the change
 * plan, and {@link CommitAnswer} picks the cookie or token to send. Failures are the core's own errors; each transport maps them.
 */
@Injectable()
export class SessionManager {
  private readonly reader: SessionReader;
  private readonly writer: SessionWriter;
  private readonly commitAnswer: CommitAnswer;
  private readonly events: SessionEvents;
  private readonly recheck: SessionRecheck;

  constructor(
    @Inject(SessionRepository) repository: SessionRepository,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SessionClock) private readonly clock: SessionClock = systemClock,
    @Optional() @Inject(SessionFallback) fallbackOrNull?: SessionFallback | null,
    @Optional() @Inject(SESSION_EVENT_LISTENERS) listeners?: SessionEventListener[] | null,
  ) {
    const logger = new Logger('DynamoSession');
    const events = (this.events = new SessionEvents(listeners ?? [], logger));
    const cookie = new SessionCookie(options.cookie, options.secrets);
    const tokens = new SessionTokens(options.token);
    const csrfCookie = new CsrfCookie(options.cookie, options.secrets);
    const fallback = fallbackOrNull ?? undefined;
    const calls = new StoreCalls(logger, options.failOpen);
    const notices = new SessionNotices(logger);
    const deps = { repository, options, clock, calls, logger };
    this.reader = new SessionReader({
      ...deps,
      cookie,
      tokens,
      csrfCookie,
      notices,
      events,
      fallback,
    });
    this.writer = new SessionWriter({ ...deps, reportDeleted: events.enabled });
    this.recheck = new SessionRecheck(deps);
    const { consistentRead } = options;
    const answerDeps = { cookie, tokens, csrfCookie, fallback, consistentRead, clock };
    this.commitAnswer = new CommitAnswer(answerDeps);
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
    const loaded = await sessionFor(unit, () => this.reader.read(input(), consistent));
    const session = withData(loaded);
    if (consistent && !loaded.consistent) await this.recheck.confirm(loaded);
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
    const loaded = await sessionFor(unit, () => this.reader.unread(input()));
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
      const read = await this.reader.read(input(), true);
      return { ...read, session: readOnlySession(read.session, reason) };
    });
    return withData(loaded);
  }

  /**
   * Whether the session the unit `unit` loaded (a subscription's connection, loaded once at connect) is
   * still live and the same identity's: one strongly consistent read (see `SessionReader.stillLive`).
   * True for a unit that loaded no stored session, or none at all.
   */
  async stillLive(unit: object): Promise<boolean> {
    const loaded = loadedSession(unit);
    return loaded === undefined ? true : this.recheck.stillLive(loaded);
  }

  /**
   * Throws {@link SessionStoreUnavailableError} when `session` was made up because the store could not
   * be read (`failOpen`): whoever must decide on it (a guard) cannot tell what it holds.
   */
  assertKnown(session: Session): void {
    if (stateOf(session).unsaved) throw new SessionStoreUnavailableError();
  }

  /** Whether the identity of `session` proved itself at most `maxAgeSeconds` ago (`@RequireRecentLogin()`). */
  isRecentLogin(session: Session, maxAgeSeconds: number): boolean {
    return loginIsRecent(session.authenticatedAt, this.clock.now(), maxAgeSeconds);
  }

  /**
   * Whether `session`'s client presented a session token (a header client): a cross-site page cannot
   * send the header, and its cookie was not read, so it needs no CSRF token.
   */
  isHeaderClient(session: Session): boolean {
    return stateOf(session).viaToken;
  }

  /** Whether `token` is a CSRF token of `session` (see `session.csrfToken()`); constant-time. */
  csrfTokenMatches(session: Session, token: unknown): boolean {
    return csrfTokenMatches(stateOf(session).csrfSecret, token);
  }

  /**
   * Saves what the unit of work `unit` changed; answers what to send its client (see `CommitAnswer`):
   * Set-Cookie values (a new or re-signed cookie, or one that clears it; with a fallback, also one that
   * clears its cookie), or a header client's token.
   * Runs once per unit: later calls wait for it and answer none. `canSetCookie` is false when no cookie
   * can reach the client any more (the headers of a server-sent events stream are out, a WebSocket is
   * open): then a new session is not stored, which `notStored` says how to report: `'warn'` logs it
   * (the stream goes on), `'throw'` fails the unit with a `SessionNotStoredError` its client receives.
   */
  commit(
    unit: object,
    canSetCookie: boolean,
    notStored: NotStoredReport = 'warn',
  ): Promise<SessionAnswer> {
    return commitOnce(unit, async (loaded) =>
      this.saved(loaded, await this.writer.save(loaded, { canSetCookie, notStored })),
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
  ): Promise<SessionAnswer> {
    return commitOnce(unit, async (loaded) => {
      if (this.options.saveOnError)
        return this.saved(loaded, await this.writer.save(loaded, { canSetCookie, notStored }));
      if (!loaded.state.destroyed) return this.commitAnswer.of(loaded, undefined);
      await this.writer.destroyOnly(loaded);
      return this.saved(loaded, { ended: true }, true);
    });
  }

  /** What a commit answers once `saved` was saved: the session events sent, the answer chosen. */
  private saved(loaded: LoadedSession, saved: SaveOutcome, destroyOnly = false): SessionAnswer {
    if (this.events.enabled)
      for (const event of committedEvents(loaded, saved, this.clock.now(), destroyOnly))
        this.events.emit(event);
    return this.commitAnswer.of(loaded, saved);
  }
}

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
