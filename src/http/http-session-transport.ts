import {
  ForbiddenException,
  UnauthorizedException,
  type CallHandler,
  type ExecutionContext,
} from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import type { Observable } from 'rxjs';
import type { SessionInput } from '../session/session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { REAUTHENTICATION_REQUIRED, type SessionTransport } from '../session/session-transport.js';
import { runSessionUnit, shareUnit } from '../session/session-unit.js';
import { headersSent, rawRequest, sendSessionAnswer } from './http-exchange.js';
import { httpSessionFailure } from './http-session-failure.js';
import { httpSessionInput } from './http-session-input.js';

/**
 * The HTTP adapter of the session core (Express and Fastify, REST and server-sent events): a request is
 * the unit of work, keyed by the raw Node request. Its session is loaded before the handler and saved
 * after it, before the response is sent, so a failed save is a failed response; core errors become HTTP
 * errors (503 with Retry-After, 500, 409, 413).
 */
export class HttpSessionTransport implements SessionTransport {
  readonly contextType = 'http';

  /** The raw Node request: the key of per-request state on every platform. */
  unitOf(context: ExecutionContext): object {
    const request = context.switchToHttp().getRequest<object>();
    return shareUnit(request, rawRequest(request));
  }

  inputOf(context: ExecutionContext): SessionInput {
    return httpSessionInput(context.switchToHttp().getRequest<object>());
  }

  /** The HTTP error the client sees for `error`, with `Retry-After` when the store is unavailable. */
  failure(context: ExecutionContext, error: unknown): unknown {
    return httpSessionFailure(context.switchToHttp().getResponse<object>(), error);
  }

  unauthenticated(_context: ExecutionContext, message: string): unknown {
    return new UnauthorizedException(message);
  }

  /** 403, with the code in the body (`{ statusCode, error, code, message }`) for the client to act on. */
  reauthenticationRequired(_context: ExecutionContext, message: string): unknown {
    return new ForbiddenException({
      statusCode: 403,
      error: 'Forbidden',
      code: REAUTHENTICATION_REQUIRED,
      message,
    });
  }

  intercept(
    context: ExecutionContext,
    next: CallHandler,
    manager: SessionManager,
    unread = false,
  ): Observable<unknown> {
    const response = context.switchToHttp().getResponse<object>();
    return runSessionUnit(
      {
        manager,
        unit: this.unitOf(context),
        input: () => this.inputOf(context),
        unread,
        end: {
          // Once the headers are out (a server-sent events stream), the cookie or token the client holds
          // stays as it is, which is only a problem for a new id, and the core stores none.
          canSetCookie: () => !headersSent(response),
          send: (answer) => sendSessionAnswer(response, answer),
          // A server-sent events stream may never complete: saved before its first event. NestJS has
          // sent the stream's headers by then, so only a stored session's changes can be saved.
          streaming: Reflect.getMetadata(SSE_METADATA, context.getHandler()) === true,
        },
        failure: (error) => httpSessionFailure(response, error),
      },
      () => next.handle(),
    );
  }
}
