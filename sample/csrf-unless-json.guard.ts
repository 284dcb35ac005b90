import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { CsrfGuard } from '../src/index.js';
import { isJsonBody } from './media-type.js';

/**
 * The library's {@link CsrfGuard}, with JSON requests exempt: a page on another site can post a form
 * (url-encoded, multipart or text/plain) without asking, but a request with
 * `Content-Type: application/json` needs a CORS preflight, which this app never answers. So the page's
 * forms must carry the token, and JSON clients need none. See docs/protection.md, "CSRF".
 */
@Injectable()
export class CsrfUnlessJsonGuard extends CsrfGuard {
  protected override async isExempt(context: ExecutionContext): Promise<boolean> {
    const { headers } = context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>();
    return (await super.isExempt(context)) || isJsonBody(headers);
  }
}
