import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import { concatMap, Observable, type Subscriber, type Subscription } from 'rxjs';
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
    // One hand-made Observable rather than an operator chain: this runs on every request that uses
    // the session, and the chain's subscribers cost more CPU than the rest of the interceptor.
    return new Observable<unknown>((subscriber) => {
      let handled: Subscription | undefined;
      const fail = (error: unknown): void => {
        // The handler (or the save) failed: the client sees that error. Without saveOnError only a
        // destroy() is applied.
        void this.manager
          .commitAfterError(request, response)
          .catch(() => undefined)
          .then(() => {
            if (subscriber.closed) return; // The client left: nothing to answer.
            addRetryAfter(response, error);
            subscriber.error(error);
          })
          .catch(() => subscriber.error(error));
      };
      const handle = (): void => {
        if (subscriber.closed) return;
        handled =
          streaming === true
            ? this.saveOnFirstValue(next.handle(), request, response).subscribe({
                next: (value) => subscriber.next(value),
                error: fail,
                // A stream that ends without an event is saved as it ends (once per request: a
                // stream that emitted was saved before its first event).
                complete: () => {
                  this.manager
                    .commit(request, response)
                    .then(() => subscriber.complete())
                    .catch(fail);
                },
              })
            : this.saveOnCompletion(next.handle(), request, response, subscriber, fail);
      };
      this.manager.load(request).then(handle).catch(fail);
      return () => handled?.unsubscribe();
    });
  }

  /** Saves once the handler's result is complete (Nest answers with its last value), then emits it. */
  private saveOnCompletion(
    result: Observable<unknown>,
    request: object,
    response: object,
    subscriber: Subscriber<unknown>,
    fail: (error: unknown) => void,
  ): Subscription {
    let last: unknown;
    let emitted = false;
    return result.subscribe({
      next: (value) => {
        last = value;
        emitted = true;
      },
      error: fail,
      complete: () => {
        this.manager
          .commit(request, response)
          .then(() => {
            if (emitted) subscriber.next(last);
            subscriber.complete();
          })
          .catch(fail);
      },
    });
  }

  /**
   * A server-sent event stream may never complete: save before its first event (or as it ends). NestJS has sent the
   * stream's headers by then, so only a stored session's changes can be saved (see SessionManager).
   */
  private saveOnFirstValue(result: Observable<unknown>, request: object, response: object) {
    return result.pipe(
      concatMap(async (value: unknown) => {
        await this.manager.commit(request, response);
        return value;
      }),
    );
  }
}
