import type { ConsistentReadMode } from '../options/dynamo-session.options.js';
import type { SessionClock } from '../session-clock.js';
import type { CsrfCookie } from './csrf-cookie.js';
import { csrfCookieValues } from './pre-session-csrf.js';
import type { LoadedSession } from './session-context.js';
import type { SessionCookie } from './session-cookie.js';
import type { SessionFallback } from './session-fallback.js';
import { cookieAnswer, NO_ANSWER, tokenAnswer, type SessionAnswer } from './session-answer.js';
import type { SessionTokens } from './session-tokens.js';
import type { SaveOutcome } from './session-writer.js';
import { writeMarkOf } from './stored-read.js';

/** What {@link CommitAnswer} chooses from. */
export interface CommitAnswerDeps {
  readonly cookie: SessionCookie;
  readonly tokens: SessionTokens;
  readonly csrfCookie: CsrfCookie;
  readonly fallback: SessionFallback | undefined;
  readonly consistentRead: ConsistentReadMode;
  readonly clock: SessionClock;
}

/**
 * Chooses what a unit of work's commit answers its client: Set-Cookie values for a cookie client; for
 * a header client, the same choice made as a token in the response header (a new or re-signed token,
 * or an empty one once its session ended), and never a cookie.
 */
export class CommitAnswer {
  constructor(private readonly deps: CommitAnswerDeps) {}

  /**
   * A cookie issued anew for a written session; one that clears it for a session that ended
   * (destroyed, or its item left empty, or rejected on read); a cookie signed with an old secret
   * re-signed with the current one (no write; the item is sealed with the current secret by its next
   * write, so retire a secret `idleTimeout` after rotating it); the fallback's cookie cleared once its
   * session ended; and the pre-session CSRF cookie set or cleared (see `csrfCookieValues`). `saved`
   * undefined: nothing of the session was saved or ended (a failed unit).
   */
  of(loaded: LoadedSession, saved: SaveOutcome | undefined): SessionAnswer {
    const credential = saved === undefined ? undefined : this.credential(loaded, saved);
    return loaded.state.viaToken
      ? this.token(loaded, credential)
      : this.cookies(loaded, saved, credential);
  }

  /** Whether the session's credential is issued (with its expiry and mark), cleared, or left as it is. */
  private credential(loaded: LoadedSession, saved: SaveOutcome): Credential | undefined {
    const { consistentRead: mode, clock } = this.deps;
    const { state } = loaded;
    if (saved.written !== undefined) {
      const { expiresAt, touchedAt } = saved.written;
      return { expiresAt, now: touchedAt, mark: writeMarkOf(mode, touchedAt) };
    }
    if (state.destroyed || saved.ended || loaded.clearCookie === true) return 'clear';
    if (loaded.resign === true && state.storedKey !== undefined)
      return {
        expiresAt: state.expiresAt,
        now: clock.now(),
        mark: writeMarkOf(mode, state.touchedAt),
      };
    return undefined;
  }

  /** A header client's answer: its token issued or cleared in the response header, nothing else. */
  private token(loaded: LoadedSession, credential: Credential | undefined): SessionAnswer {
    const { tokens, cookie } = this.deps;
    const header = tokens.responseHeader;
    const vary = tokens.requestHeaders;
    if (header === undefined || vary === undefined) return NO_ANSWER;
    if (credential === undefined) return tokenAnswer(vary, header);
    const token = credential === 'clear' ? '' : cookie.token(loaded.state.id, credential.mark);
    return tokenAnswer(vary, header, token);
  }

  /** A cookie client's answer: its cookie issued or cleared, the fallback's and the CSRF cookie. */
  private cookies(
    loaded: LoadedSession,
    saved: SaveOutcome | undefined,
    credential: Credential | undefined,
  ): SessionAnswer {
    const { cookie, csrfCookie, fallback } = this.deps;
    const { state, https } = loaded;
    const values: string[] = [];
    if (credential === 'clear') values.push(cookie.clear(https));
    else if (credential !== undefined)
      values.push(
        cookie.issue(state.id, credential.expiresAt, credential.now, https, credential.mark),
      );
    if (loaded.originEnded === true && fallback !== undefined)
      values.push(...fallback.endCookies(https));
    if (saved !== undefined) values.push(...csrfCookieValues(loaded, csrfCookie));
    return cookieAnswer(values);
  }
}

/** A credential to issue: valid until `expiresAt` (ms, from `now`), with the write mark `mark`; or 'clear'. */
type Credential =
  { readonly expiresAt: number; readonly now: number; readonly mark?: number } | 'clear';
