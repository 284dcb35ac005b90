import type { ResolvedLegacyOptions } from '../options/legacy-options.js';
import type { SessionClock } from '../session-clock.js';
import type {
  FallbackSession,
  NewSessionItem,
  OriginOutcome,
  SessionFallback,
  SessionOrigin,
} from '../session/session-fallback.js';
import type { SessionInput } from '../session/session-input.js';
import { legacyCreatedAt, legacySessionContents } from './legacy-session-contents.js';
import { LegacySessionCookie } from './legacy-session-cookie.js';
import type { LegacySession, LegacySessionStore } from './legacy-session-store.js';

/**
 * The move from express-session + connect-dynamodb (module option `legacy`), as the core's
 * {@link SessionFallback}: a request with no cookie of ours but a verified express-session cookie is
 * served its connect-dynamodb session (one GetItem), which its commit moves over (the legacy delete
 * and our PutItem in one transaction) or ends; the legacy cookie is then cleared. Made only when the
 * option is on, so requests pay nothing when it is off; a cookie that does not verify costs no call.
 */
export class LegacyMigration implements SessionFallback {
  readonly sessionName = 'the legacy session';
  private readonly cookie: LegacySessionCookie;

  constructor(
    private readonly options: ResolvedLegacyOptions,
    private readonly store: LegacySessionStore,
    private readonly clock: SessionClock,
  ) {
    this.cookie = new LegacySessionCookie(options);
  }

  names(input: SessionInput): boolean {
    return this.cookie.read(input.cookieHeader) !== undefined;
  }

  async load(input: SessionInput): Promise<FallbackSession | undefined> {
    const sid = this.cookie.read(input.cookieHeader);
    if (sid === undefined) return undefined;
    const legacy = await this.store.get(sid);
    if (legacy === undefined) return { found: false };
    const { data, userId } = legacySessionContents(legacy);
    const createdAt = legacyCreatedAt(legacy, this.clock.now());
    return { found: true, data, userId, createdAt, origin: this.originOf(legacy) };
  }

  endCookies(https: boolean): readonly string[] {
    return [this.cookie.clear(https)];
  }

  private originOf(legacy: LegacySession): SessionOrigin {
    const { store } = this;
    return {
      replaceWith: (session: NewSessionItem): Promise<OriginOutcome> => store.move(legacy, session),
      end: (): Promise<OriginOutcome> => store.end(legacy),
      movedNote: `Moved a session over from connect-dynamodb (table "${this.options.tableName}", option legacy)`,
      conflictMessage: (outcome) =>
        outcome === 'gone'
          ? 'A parallel request moved this express-session session over first; the changes of this request were not saved. Try again.'
          : 'express-session changed this session while it was being moved over; the changes of this request were not saved. Try again.',
    };
  }
}
