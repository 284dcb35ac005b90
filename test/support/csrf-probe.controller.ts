import { Body, Controller, Get, HttpCode, Post, Put, UseGuards } from '@nestjs/common';
import { CsrfGuard, Session } from '../../src/index.js';

/** Routes that hand out CSRF tokens and check them with CsrfGuard, for the CSRF specs. */
@Controller()
export class CsrfProbeController {
  /** Hands out a token: of the stored session's secret, else of the pre-session cookie's. */
  @Get('token')
  token(@Session() session: Session): { token: string } {
    return { token: session.csrfToken() };
  }

  /** Stores the session (it now holds `guest`) and hands out a token of it. */
  @Post('start')
  @HttpCode(200)
  start(@Session() session: Session): { token: string } {
    session['guest'] = true;
    return { token: session.csrfToken() };
  }

  @Get('data')
  data(@Session() session: Session): Record<string, unknown> {
    return { ...session };
  }

  @Get('guarded')
  @UseGuards(CsrfGuard)
  read(): { ok: true } {
    return { ok: true };
  }

  @Post('guarded')
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  change(@Session() session: Session, @Body() body: { value?: unknown }): { ok: true } {
    session['value'] = body.value ?? 'set';
    return { ok: true };
  }

  /** A guarded route that changes nothing: the session stays as it was (not stored, for a stranger). */
  @Post('guarded/noop')
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  noop(): { ok: true } {
    return { ok: true };
  }

  @Put('guarded')
  @UseGuards(CsrfGuard)
  put(@Session() session: Session): { ok: true } {
    session['value'] = 'put';
    return { ok: true };
  }

  @Post('login')
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  login(@Session() session: Session): { token: string } {
    session.logIn('ann');
    return { token: session.csrfToken() };
  }

  /** Logs in without handing out a token: the new session stores no CSRF secret. */
  @Post('login/quiet')
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  quietLogin(@Session() session: Session): { ok: true } {
    session.logIn('ann');
    return { ok: true };
  }

  @Post('logout')
  @HttpCode(200)
  @UseGuards(CsrfGuard)
  logout(@Session() session: Session): { ok: true } {
    session.logOut();
    return { ok: true };
  }
}
