import { Controller, Get, Header } from '@nestjs/common';
import {
  InjectSessionRepository,
  Session,
  SessionRepository,
  sessionDeviceOf,
} from '../src/index.js';
import { renderHomePage } from './home.view.js';
import { cartOf, visitsOf, type SampleSession } from './sample-session.js';
import type { UserSessionEntry } from './user-sessions.view.js';

/** No scripts, no outside resources; inline styles only; forms post to this origin only. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * `GET /`: the server-rendered page.
 *
 * Each load counts a visit, but only in a session that is already stored: a first visit (or a
 * cookie that names no live session) counts none, and stores nothing. Every form carries the
 * session's CSRF token; a visitor without a stored session gets it from the pre-session cookie the
 * library sets instead of a stored session, so a crawler costs no write. A logged-in user also sees
 * their live sessions, from the library's {@link SessionRepository}.
 */
@Controller()
export class HomeController {
  constructor(@InjectSessionRepository() private readonly sessions: SessionRepository) {}

  /** Renders the page; in a stored session, counts this load as a visit first. */
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  async page(@Session() session: SampleSession): Promise<string> {
    if (!session.isNew) session.visits = visitsOf(session) + 1;
    const username = session.userId;
    return renderHomePage({
      username,
      visits: visitsOf(session),
      cart: cartOf(session),
      sessions: username === undefined ? undefined : await this.listSessions(username, session),
      // The forms' token: its secret is stored with a stored session, else in the pre-session cookie.
      csrfToken: session.csrfToken(),
    });
  }

  /**
   * The user's live sessions (the first page): this one first, then the others, most recently
   * created first. The user
   * index is eventually consistent on DynamoDB, so a session created a moment ago (just logged in)
   * may be missing from it: this one is then read by its key.
   */
  private async listSessions(userId: string, session: SampleSession): Promise<UserSessionEntry[]> {
    const { sessions } = await this.sessions.listByUser(userId);
    const listed = sessions.map((summary): UserSessionEntry => ({
      handle: summary.key,
      current: summary.key === session.handle,
      createdAt: summary.createdAt,
      lastSeenAt: summary.touchedAt,
      device: summary.device,
      ...(summary.ip === undefined ? {} : { ip: summary.ip }),
    }));
    const others = listed.filter((entry) => !entry.current);
    const current = listed.find((entry) => entry.current) ?? (await this.readCurrent(session));
    return current === undefined ? others : [current, ...others];
  }

  /** The entry of this request's session, read by its key; undefined when it is not stored. */
  private async readCurrent(session: SampleSession): Promise<UserSessionEntry | undefined> {
    const stored = await this.sessions.get(session.handle);
    return stored === undefined
      ? undefined
      : {
          handle: stored.key,
          current: true,
          createdAt: stored.createdAt,
          lastSeenAt: stored.touchedAt,
          device: await sessionDeviceOf(stored.userAgent),
          ...(stored.clientIp === undefined ? {} : { ip: stored.clientIp }),
        };
  }
}
