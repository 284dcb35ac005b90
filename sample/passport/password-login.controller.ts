import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { UseSession } from '../../src/index.js';
import { JsonBodyGuard } from '../json-body.guard.js';
import type { DemoUser } from './demo-users.js';
import { PasswordLoginGuard } from './password-login.guard.js';

/**
 * `POST /auth/password-login`: a password login through Passport, on the same session as
 * `/auth/login`. JSON only, so a cross-site form cannot post it (no CSRF token needed).
 */
@Controller('auth')
export class PasswordLoginController {
  @Post('password-login')
  @HttpCode(200)
  @UseGuards(JsonBodyGuard, PasswordLoginGuard)
  @UseSession()
  login(@Req() request: { user: DemoUser }): { username: string } {
    return { username: request.user.username };
  }
}
