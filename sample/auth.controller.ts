import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  InjectSessionRepository,
  Session,
  SessionGuard,
  SessionRepository,
  type SessionDeviceType,
} from '../src/index.js';
import { LoginDto } from './dto/login.dto.js';
import { ReauthenticateDto } from './dto/reauthenticate.dto.js';
import { JsonBodyGuard } from './json-body.guard.js';
import { SessionEventLog } from './session-event-log.js';
import { CsrfUnlessJsonGuard } from './csrf-unless-json.guard.js';
import { FormRedirectInterceptor } from './form-redirect.interceptor.js';
import type { SampleSession } from './sample-session.js';

/** Login, logout and "who am I", on the session. Login and logout also take the page's forms. */
@Controller('auth')
export class AuthController {
  constructor(
    @InjectSessionRepository() private readonly sessions: SessionRepository,
    private readonly eventLog: SessionEventLog,
  ) {}

  /**
   * Logs in as `username` (no password: this is a session demo, not an identity provider).
   * `session.logIn()` gives the session a new id, against session fixation, and sets the identity;
   * the data is kept, so a guest cart survives. A guest logging in starts a new absolute lifetime;
   * logging in again as the same user does not extend it.
   */
  @Post('login')
  @HttpCode(200)
  @UseGuards(CsrfUnlessJsonGuard)
  @UseInterceptors(FormRedirectInterceptor)
  login(@Session() session: SampleSession, @Body() body: LoginDto): { username: string } {
    session.logIn(body.username);
    return { username: body.username };
  }

  /**
   * Ends the session: its item is deleted and the cookie cleared. Taking only `destroy`, the handler
   * does not need the session read: a JSON logout is one DeleteItem (a form's CSRF check reads it).
   */
  @Post('logout')
  @HttpCode(204)
  @UseGuards(CsrfUnlessJsonGuard)
  @UseInterceptors(FormRedirectInterceptor)
  logout(@Session('destroy') destroy: SampleSession['destroy']): void {
    destroy();
  }

  /**
   * The logged-in user proves who they are again (here by naming themselves: a password or a second
   * factor in a real app): `session.reauthenticated()` makes the login recent for
   * `@RequireRecentLogin()` routes and renews the session id (a new cookie). 403 when `username` is not
   * the logged-in user, a guest's included. JSON only.
   */
  @Post('reauthenticate')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard)
  reauthenticate(
    @Session() session: SampleSession,
    @Body() body: ReauthenticateDto,
  ): { username: string } {
    if (session.userId === undefined || body.username !== session.userId) {
      throw new ForbiddenException('That is not the logged-in user: log in as them instead.');
    }
    session.reauthenticated();
    return { username: body.username };
  }

  /** The logged-in user; {@link SessionGuard} answers 401 to anyone else. */
  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session() session: SampleSession): { username: string | undefined } {
    return { username: session.userId };
  }

  /**
   * The logged-in user's live sessions, most recently created first: the first page of
   * `listByUser`, so at most 100 however often the user logged in. Each has an opaque `handle` (the
   * SHA-256 of its id: it cannot be used as a session), never the id itself, and what lets a person
   * recognise it: when it started and was last seen, the device its User-Agent names and the IP it
   * logged in from (`null` where unknown). The IP is the one Express's `trust proxy` (Fastify's
   * `trustProxy`) gives: the sample trusts X-Forwarded-For only with `SAMPLE_TRUST_PROXY=true`.
   */
  @Get('sessions')
  @UseGuards(SessionGuard)
  async list(@Session() session: SampleSession): Promise<UserSessionView[]> {
    const { sessions } = await this.sessions.listByUser(loggedIn(session));
    return sessions.map((summary) => ({
      handle: summary.key,
      current: summary.key === session.handle,
      createdAt: new Date(summary.createdAt).toISOString(),
      lastSeenAt: new Date(summary.touchedAt).toISOString(),
      device: {
        browser: summary.device.browser ?? null,
        os: summary.device.os ?? null,
        type: summary.device.type,
      },
      ip: summary.ip ?? null,
    }));
  }

  /**
   * Ends one of the logged-in user's sessions by its handle (as `GET /auth/sessions` lists them): 204,
   * and that session is over at once; 404 for a handle that is not one of the user's live sessions.
   * Ending this browser's own session also clears its cookie. `DELETE` cannot be sent by a cross-site
   * form, so it needs no CSRF token.
   */
  @Delete('sessions/:handle')
  @HttpCode(204)
  @UseGuards(SessionGuard)
  async endSession(@Session() session: SampleSession, @Param('handle') handle: string) {
    await this.endOne(session, handle);
  }

  /** The page's "End this session" button: `DELETE /auth/sessions/:handle` as a form post (303 to `/`). */
  @Post('sessions/:handle/end')
  @HttpCode(204)
  @UseGuards(CsrfUnlessJsonGuard, SessionGuard)
  @UseInterceptors(FormRedirectInterceptor)
  async endSessionForm(@Session() session: SampleSession, @Param('handle') handle: string) {
    await this.endOne(session, handle);
  }

  private async endOne(session: SampleSession, handle: string): Promise<void> {
    if (handle === session.handle) {
      session.destroy();
      return;
    }
    if (!(await this.sessions.destroyByHandle(loggedIn(session), handle))) {
      throw new NotFoundException('No session of yours has this handle.');
    }
  }

  /** The logged-in user's last 50 session events this process heard, newest first. */
  @Get('events')
  @UseGuards(SessionGuard)
  events(@Session() session: SampleSession): SessionEventView[] {
    return this.eventLog.of(loggedIn(session)).map(({ type, handle, at }) => ({
      type,
      handle,
      at: new Date(at).toISOString(),
    }));
  }

  /** "Log out everywhere else": ends every other session of the logged-in user. */
  @Post('logout-all')
  @HttpCode(200)
  @UseGuards(CsrfUnlessJsonGuard, SessionGuard)
  @UseInterceptors(FormRedirectInterceptor)
  async logoutAll(@Session() session: SampleSession): Promise<{ ended: number }> {
    const ended = await this.sessions.destroyByUser(loggedIn(session), {
      exceptKey: session.handle,
    });
    return { ended };
  }
}

/** The user of a session that passed {@link SessionGuard}. */
function loggedIn(session: SampleSession): string {
  if (session.userId === undefined) throw new Error('SessionGuard let a guest through');
  return session.userId;
}

/** One entry of `GET /auth/events`. */
export interface SessionEventView {
  type: string;
  handle: string;
  at: string;
}

/** One entry of `GET /auth/sessions`. */
export interface UserSessionView {
  handle: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  device: { browser: string | null; os: string | null; type: SessionDeviceType };
  ip: string | null;
}
