import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RawCookie } from './raw-cookie.js';
import { RawSessionStore } from './raw-session-store.js';

/** `/auth` by hand: login is one PutItem of a new session, logout one DeleteItem. */
@Controller('auth')
export class RawAuthController {
  constructor(
    private readonly store: RawSessionStore,
    private readonly cookie: RawCookie,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: { username?: string },
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ username: string | undefined }> {
    const id = this.cookie.newId();
    await this.store.create(this.cookie.keyOf(id), { userId: body.username });
    response.append('Set-Cookie', this.cookie.issue(id));
    return { username: body.username };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Headers('cookie') header: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const id = this.cookie.idFrom(header);
    if (id !== undefined) await this.store.delete(this.cookie.keyOf(id));
    response.append('Set-Cookie', this.cookie.clear());
  }
}
