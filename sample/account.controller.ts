import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { RequireRecentLogin, Session } from '../src/index.js';
import { EmailDto } from './dto/email.dto.js';
import { JsonBodyGuard } from './json-body.guard.js';
import { recentLoginSeconds } from './recent-login-seconds.js';
import type { SampleSession } from './sample-session.js';

/** Account changes that need a recent login (`SAMPLE_RECENT_LOGIN_SECONDS`, default 300). */
@Controller('account')
export class AccountController {
  /**
   * Changes the account's e-mail address (kept in the session, for the demo): 401 for a guest, 403
   * `{ code: 'REAUTHENTICATION_REQUIRED' }` when the login is older than `SAMPLE_RECENT_LOGIN_SECONDS`
   * (`POST /auth/reauthenticate` renews it). JSON only: a cross-site form cannot send it.
   */
  @Post('email')
  @HttpCode(200)
  // Decorators apply from the bottom up, so JsonBodyGuard runs first: a body that is not JSON is
  // refused (400) before the login is checked.
  @RequireRecentLogin(recentLoginSeconds)
  @UseGuards(JsonBodyGuard)
  changeEmail(@Session() session: SampleSession, @Body() body: EmailDto): { email: string } {
    session.email = body.email;
    return { email: body.email };
  }
}
