import { Controller, Get, Header } from '@nestjs/common';
import { Session } from '../src/index.js';
import { renderHomePage } from './home.view.js';
import { cartOf, visitsOf, type SampleSession } from './sample-session.js';

/** No scripts, no outside resources; inline styles only; forms post to this origin only. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** `GET /`: the server-rendered page. Reading the session stores nothing, so a first visit gets no cookie. */
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  page(@Session() session: SampleSession): string {
    return renderHomePage({
      username: session.userId,
      visits: visitsOf(session),
      cart: cartOf(session),
    });
  }
}
