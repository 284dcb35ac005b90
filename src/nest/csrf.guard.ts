import {
  ForbiddenException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { SessionManager } from '../session/session-manager.js';
import { guardedSession } from './guarded-session.js';
import { SessionTransports } from './session-transports.js';

/** Methods that must not change anything, so a forged one does no harm: never checked. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Where a request carries the token: this header, or this field of a form body. */
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

interface RequestLike {
  method?: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * Refuses, with 403, an unsafe request (anything but GET, HEAD and OPTIONS) that does not carry a
 * CSRF token of its session (`session.csrfToken()`) in the `x-csrf-token` header or the `_csrf`
 * form field. Tokens are compared in constant time. The session it loads is the one the interceptor
 * and `@Session()` see. A header client (one that sent the session token header, see the `token`
 * option) needs none: a cross-site page cannot send that header, and its cookie is not read.
 *
 * Subclass it to exempt more requests: override {@link CsrfGuard.isExempt} (e.g. JSON requests,
 * which a cross-site page cannot send without a CORS preflight; see docs/protection.md).
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly manager: SessionManager,
    private readonly transports: SessionTransports,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await this.isExempt(context)) return true;
    const transport = this.transports.require(context);
    const session = await guardedSession(this.manager, transport, context);
    // A header client's session came by a header a cross-site page cannot send, not by its cookie.
    if (this.manager.isHeaderClient(session)) return true;
    const token = this.tokenOf(context.switchToHttp().getRequest<RequestLike>());
    if (!this.manager.csrfTokenMatches(session, token)) {
      throw new ForbiddenException(
        token === undefined
          ? `This request needs a CSRF token: send session.csrfToken() in the ${CSRF_HEADER} header or the ${CSRF_FIELD} form field.`
          : 'The CSRF token does not match this session (forged, or from before a login or logout): reload the form and send it again.',
      );
    }
    return true;
  }

  /** Whether the request goes through unchecked. Default: a safe method (GET, HEAD, OPTIONS). */
  protected isExempt(context: ExecutionContext): boolean | Promise<boolean> {
    const method = context.switchToHttp().getRequest<RequestLike>().method ?? '';
    return SAFE_METHODS.has(method.toUpperCase());
  }

  /** The token the request carries: the `x-csrf-token` header, else the `_csrf` body field. */
  protected tokenOf(request: RequestLike): unknown {
    const header = request.headers?.[CSRF_HEADER];
    if (header !== undefined) return Array.isArray(header) ? header[0] : header;
    const body = request.body;
    return typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)[CSRF_FIELD]
      : undefined;
  }
}
