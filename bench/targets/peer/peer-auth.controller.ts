import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PEER_COOKIE_NAME } from './peer-session.js';

/** `/auth` on express-session, as its README logs in (regenerate, against fixation) and out (destroy). */
@Controller('auth')
export class PeerAuthController {
  @Post('login')
  @HttpCode(200)
  async login(
    @Req() request: Request,
    @Body() body: { username?: string },
  ): Promise<{ username: string | undefined }> {
    await new Promise<void>((resolve, reject) =>
      request.session.regenerate((error: unknown) => (error ? reject(error) : resolve())),
    );
    (request.session as unknown as Record<string, unknown>)['userId'] = body.username;
    return { username: body.username };
  }

  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      request.session.destroy((error: unknown) => (error ? reject(error) : resolve())),
    );
    response.clearCookie(PEER_COOKIE_NAME, { path: '/' });
  }
}
