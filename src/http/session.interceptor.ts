import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, from, switchMap, type Observable } from 'rxjs';
import { USES_SESSION } from '../dynamo-session.constants.js';
import { hasSession } from '../session/session-context.js';
import { SessionManager } from '../session/session-manager.js';
import { addRetryAfter } from './session-store-unavailable.exception.js';

/**
 * Loads the session before a handler that uses it (`@Session()`, or a {@link SessionGuard} that loaded it
 * already) and saves it after, before the response is sent, so a failed save is a failed response.
 * Registered globally by `DynamoSessionModule` unless `globalInterceptor: false`.
 */
@Injectable()
export class SessionInterceptor implements NestInterceptor {
  constructor(
    private readonly manager: SessionManager,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<object>();
    const response = http.getResponse<object>();
    const wanted =
      this.reflector.get<boolean | undefined>(USES_SESSION, context.getHandler()) === true;
    if (!wanted && !hasSession(request)) return next.handle();
    return from(this.manager.load(request)).pipe(
      switchMap(() => next.handle()),
      concatMap(async (body: unknown) => {
        await this.manager.commit(request, response);
        return body;
      }),
      catchError(async (error: unknown) => {
        // A handler that failed still saves what it changed (as express-session does); the
        // handler's own error is what the client sees.
        await this.manager.commit(request, response).catch(() => undefined);
        addRetryAfter(response, error);
        throw error;
      }),
    );
  }
}
