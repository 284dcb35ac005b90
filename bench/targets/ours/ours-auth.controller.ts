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

  /** As the sample and the README log out: a handler that takes only destroy() reads nothing. */
  @Post('logout')
  @HttpCode(204)
  logout(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }
}
