import { Body, Controller, Get, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { Session, SessionGuard } from '../src/index.js';
import { LoginDto } from './dto/login.dto.js';
import { FormRedirectInterceptor } from './form-redirect.interceptor.js';
import type { SampleSession } from './sample-session.js';

/** Login, logout and "who am I", on the session. Login and logout also take the page's forms. */
@Controller('auth')
export class AuthController {
  /**
   * Logs in as `username` (no password: this is a session demo, not an identity provider). The
   * session gets a new id, against session fixation, and keeps its data, so a guest cart survives.
   */
  @Post('login')
  @HttpCode(200)
  @UseInterceptors(FormRedirectInterceptor)
  login(@Session() session: SampleSession, @Body() body: LoginDto): { username: string } {
    session.regenerate();
    session.userId = body.username;
    return { username: body.username };
  }

  /** Ends the session: its item is deleted and the cookie cleared. */
  @Post('logout')
  @HttpCode(204)
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
}
