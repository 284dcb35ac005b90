import { Body, Controller, Get, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { InjectSessionRepository, Session, SessionGuard, SessionRepository } from '../src/index.js';
import { LoginDto } from './dto/login.dto.js';
import { CsrfUnlessJsonGuard } from './csrf-unless-json.guard.js';
import { FormRedirectInterceptor } from './form-redirect.interceptor.js';
import type { SampleSession } from './sample-session.js';

/** Login, logout and "who am I", on the session. Login and logout also take the page's forms. */
@Controller('auth')
export class AuthController {
  constructor(@InjectSessionRepository() private readonly sessions: SessionRepository) {}

  /**
   * Logs in as `username` (no password: this is a session demo, not an identity provider). The
   * session gets a new id, against session fixation, and keeps its data, so a guest cart survives.
   */
  @Post('login')
  @HttpCode(200)
  @UseGuards(CsrfUnlessJsonGuard)
  @UseInterceptors(FormRedirectInterceptor)
  login(@Session() session: SampleSession, @Body() body: LoginDto): { username: string } {
    session.regenerate();
    session.userId = body.username;
    return { username: body.username };
  }

  /** Ends the session: its item is deleted and the cookie cleared. */
  @Post('logout')
  @HttpCode(204)
  @UseGuards(CsrfUnlessJsonGuard)
  @UseInterceptors(FormRedirectInterceptor)
  logout(@Session() session: SampleSession): void {
    session.destroy();
  }

  /** The logged-in user; {@link SessionGuard} answers 401 to anyone else. */
  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session() session: SampleSession): { username: string | undefined } {
    return { username: session.userId };
  }

  /**
   * The logged-in user's live sessions, most recently active first. Each has an opaque `handle` (the
   * SHA-256 of its id: it cannot be used as a session), never the id itself.
   */
  @Get('sessions')
  @UseGuards(SessionGuard)
  async list(@Session() session: SampleSession): Promise<UserSessionView[]> {
    const sessions = await this.sessions.listByUser(String(session.userId));
    return sessions.map((summary) => ({
      handle: summary.key,
      current: summary.key === session.handle,
      createdAt: new Date(summary.createdAt).toISOString(),
      lastSeenAt: new Date(summary.touchedAt).toISOString(),
      expiresAt: new Date(summary.expiresAt).toISOString(),
      ...(summary.userAgent === undefined ? {} : { userAgent: summary.userAgent }),
    }));
  }

  /** "Log out everywhere else": ends every other session of the logged-in user. */
  @Post('logout-all')
  @HttpCode(200)
  @UseGuards(CsrfUnlessJsonGuard, SessionGuard)
  @UseInterceptors(FormRedirectInterceptor)
  async logoutAll(@Session() session: SampleSession): Promise<{ ended: number }> {
    const ended = await this.sessions.destroyByUser(String(session.userId), {
      exceptKey: session.handle,
    });
    return { ended };
  }
}

/** One entry of `GET /auth/sessions`. */
export interface UserSessionView {
  handle: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent?: string;
}
