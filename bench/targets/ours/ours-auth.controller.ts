import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Session } from '../../../src/index.js';

/** `/auth` on this library's session, as the sample app logs in and out. */
@Controller('auth')
export class OursAuthController {
  @Post('login')
  @HttpCode(200)
  login(@Session() session: Session, @Body() body: { username: string }): { username: string } {
    session.logIn(body.username);
    return { username: body.username };
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Session() session: Session): void {
    session.destroy();
  }
}
