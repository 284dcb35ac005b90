import type { ConsistentReadMode } from '../options/dynamo-session.options.js';
import type { SessionClock } from '../session-clock.js';
import type { CsrfCookie } from './csrf-cookie.js';
import { csrfCookieValues } from './pre-session-csrf.js';
import type { LoadedSession } from './session-context.js';
import type { SessionCookie } from './session-cookie.js';
import type { SessionFallback } from './session-fallback.js';
import type { SaveOutcome } from './session-writer.js';
import { writeMarkOf } from './stored-read.js';

/** What {@link CommitCookies} chooses from. */
export interface CommitCookiesDeps {
  readonly cookie: SessionCookie;
  readonly csrfCookie: CsrfCookie;
  readonly fallback: SessionFallback | undefined;
  readonly consistentRead: ConsistentReadMode;
  readonly clock: SessionClock;
}

/** Chooses the Set-Cookie values a unit of work's commit answers. */
export class CommitCookies {
  constructor(private readonly deps: CommitCookiesDeps) {}

  /**
   * A cookie issued anew for a written session; one that clears it for a session that ended
   * (destroyed, or its item left empty, or rejected on read); a cookie signed with an old secret
   * re-signed with the current one (no write; the item is sealed with the current secret by its next
   * write, so retire a secret `idleTimeout` after rotating it); the fallback's cookie cleared once its
   * session ended; and the pre-session CSRF cookie set or cleared (see `csrfCookieValues`). `saved`
   * undefined: nothing of the session was saved or ended (a failed unit).
   */
  of(loaded: LoadedSession, saved: SaveOutcome | undefined): readonly string[] {
    const { cookie, csrfCookie, fallback, consistentRead: mode, clock } = this.deps;
    const values: string[] = [];
    const { state, https } = loaded;
    if (saved === undefined) {
      // The handler failed: the unit's session is discarded, and its cookie left as it is.
    } else if (saved.written !== undefined) {
      const { expiresAt, touchedAt } = saved.written;
      values.push(
        cookie.issue(state.id, expiresAt, touchedAt, https, writeMarkOf(mode, touchedAt)),
      );
    } else if (state.destroyed || saved.ended || loaded.clearCookie === true) {
      values.push(cookie.clear(https));
    } else if (loaded.resign === true && state.storedKey !== undefined) {
      const mark = writeMarkOf(mode, state.touchedAt);
      values.push(cookie.issue(state.id, state.expiresAt, clock.now(), https, mark));
    }
    if (loaded.originEnded === true && fallback !== undefined)
      values.push(...fallback.endCookies(https));
    if (saved !== undefined) values.push(...csrfCookieValues(loaded, csrfCookie));
    return values;
  }
}
