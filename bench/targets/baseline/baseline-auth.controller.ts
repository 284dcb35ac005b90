import { Body, Controller, HttpCode, Post } from '@nestjs/common';

/** `/auth` without a session: answers as the session targets do, remembering nobody. */
@Controller('auth')
export class BaselineAuthController {
  @Post('login')
  @HttpCode(200)
  login(@Body() body: { username?: string }): { username: string | undefined } {
    return { username: body.username };
  }

  @Post('logout')
  @HttpCode(204)
  logout(): void {}
}
