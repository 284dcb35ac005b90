import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import {
  catchError,
  concatMap,
  concatWith,
  defer,
  from,
  ignoreElements,
  mergeAll,
  switchMap,
  tap,
  type Observable,
} from 'rxjs';
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
      this.reflector.getAllAndOverride<boolean | undefined>(USES_SESSION, [
        context.getHandler(),
        context.getClass(),
      ]) === true;
    if (!wanted && !hasSession(request)) return next.handle();
    const streaming = this.reflector.get<boolean | undefined>(SSE_METADATA, context.getHandler());
    return from(this.manager.load(request)).pipe(
      switchMap(() =>
        streaming === true
          ? this.saveOnFirstValue(next.handle(), request, response)
          : this.saveOnCompletion(next.handle(), request, response),
      ),
      catchError(async (error: unknown) => {
        // The handler (or the save) failed: the client sees that error. Without saveOnError only a
        // destroy() is applied.
        await this.manager.commitAfterError(request, response).catch(() => undefined);
        addRetryAfter(response, error);
        throw error;
      }),
    );
  }

  /** Saves once the handler's result is complete (Nest answers with its last value), then emits it. */
  private saveOnCompletion(result: Observable<unknown>, request: object, response: object) {
    let last: unknown;
    let emitted = false;
    return result.pipe(
      tap((value) => {
        last = value;
        emitted = true;
      }),
      ignoreElements(),
      concatWith(
        defer(async () => {
          await this.manager.commit(request, response);
          return emitted ? [last] : [];
        }).pipe(mergeAll()),
      ),
    );
  }

  /** A server-sent event stream never completes: save before its first event, while headers can still be set. */
  private saveOnFirstValue(result: Observable<unknown>, request: object, response: object) {
    return result.pipe(
      concatMap(async (value: unknown) => {
        await this.manager.commit(request, response);
        return value;
      }),
    );
  }
}
