import { Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { Session } from '../src/index.js';
import { CsrfUnlessJsonGuard } from './csrf-unless-json.guard.js';
import { FormRedirectInterceptor } from './form-redirect.interceptor.js';
import { visitsOf, type SampleSession } from './sample-session.js';

/** `POST /visits`: counts a visit in the session (also from the page's form). */
@Controller('visits')
export class VisitsController {
  @Post()
  @HttpCode(200)
  @UseGuards(CsrfUnlessJsonGuard)
  @UseInterceptors(FormRedirectInterceptor)
  count(@Session() session: SampleSession): { visits: number } {
    const visits = visitsOf(session) + 1;
    session.visits = visits;
    return { visits };
  }
}
