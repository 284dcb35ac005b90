import { UnauthorizedException, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import { concatMap, Observable, type Subscriber, type Subscription } from 'rxjs';
import type { SessionInput } from '../session/session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { appendSetCookie, headersSent, rawRequest } from './http-exchange.js';
import { httpSessionFailure } from './http-session-failure.js';
import { httpSessionInput } from './http-session-input.js';

/**
 * The HTTP adapter of the session core (Express and Fastify, REST and server-sent events): a request is
 * the unit of work, keyed by the raw Node request. Its session is loaded before the handler and saved
 * after it, before the response is sent, so a failed save is a failed response; core errors become HTTP
 * errors (503 with Retry-After, 500, 409, 413).
 */
export class HttpSessionTransport {
  /** The raw Node request: the key of per-request state on every platform. */
  unitOf(context: ExecutionContext): object {
    return rawRequest(context.switchToHttp().getRequest<object>());
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

  intercept(
    context: ExecutionContext,
    next: CallHandler,
    manager: SessionManager,
    unread = false,
  ): Observable<unknown> {
    const unit = this.unitOf(context);
    const response = context.switchToHttp().getResponse<object>();
    const streaming = Reflect.getMetadata(SSE_METADATA, context.getHandler()) === true;
    const commit = new HttpSessionCommit(manager, unit, response);
    // One hand-made Observable rather than an operator chain: this runs on every request that uses
    // the session, and the chain's subscribers cost more CPU than the rest of the interceptor.
    return new Observable<unknown>((subscriber) => {
      let handled: Subscription | undefined;
      const fail = (error: unknown): void => {
        // The handler (or the save) failed: the client sees that error. Without saveOnError only a
        // destroy() is applied.
        void commit
          .commitAfterError()
          .catch(() => undefined)
          .then(() => {
            if (subscriber.closed) return; // The client left: nothing to answer.
            subscriber.error(httpSessionFailure(response, error));
          })
          .catch(() => subscriber.error(error));
      };
      const handle = (): void => {
        if (subscriber.closed) return;
        handled = streaming
          ? saveOnFirstValue(next.handle(), commit).subscribe({
              next: (value) => subscriber.next(value),
              error: fail,
              // A stream that ends without an event is saved as it ends (once per request: a
              // stream that emitted was saved before its first event).
              complete: () => {
                commit
                  .commit()
                  .then(() => subscriber.complete())
                  .catch(fail);
              },
            })
          : saveOnCompletion(next.handle(), commit, subscriber, fail);
      };
      const input = (): SessionInput => this.inputOf(context);
      (unread ? manager.loadUnread(unit, input) : manager.load(unit, input))
        .then(handle)
        .catch(fail);
      return () => handled?.unsubscribe();
    });
  }
}

/** One request's commit: the core saves, this sets the cookie it answers while the headers are open. */
class HttpSessionCommit {
  constructor(
    private readonly manager: SessionManager,
    private readonly unit: object,
    private readonly response: object,
  ) {}

  async commit(): Promise<void> {
    this.send(await this.manager.commit(this.unit, !headersSent(this.response)));
  }

  async commitAfterError(): Promise<void> {
    this.send(await this.manager.commitAfterError(this.unit, !headersSent(this.response)));
  }

  /**
   * Sets the cookie unless the headers are out already (a server-sent events stream): then the cookie
   * the client holds stays as it is, which is only a problem for a new id, and the core stores none.
   */
  private send(setCookies: readonly string[]): void {
    if (headersSent(this.response)) return;
    for (const value of setCookies) appendSetCookie(this.response, value);
  }
}

/** Saves once the handler's result is complete (Nest answers with its last value), then emits it. */
function saveOnCompletion(
  result: Observable<unknown>,
  commit: HttpSessionCommit,
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
      commit
        .commit()
        .then(() => {
          if (emitted) subscriber.next(last);
          subscriber.complete();
        })
        .catch(fail);
    },
  });
}

/**
 * A server-sent event stream may never complete: save before its first event (or as it ends). NestJS
 * has sent the stream's headers by then, so only a stored session's changes can be saved.
 */
function saveOnFirstValue(
  result: Observable<unknown>,
  commit: HttpSessionCommit,
): Observable<unknown> {
  return result.pipe(
    concatMap(async (value: unknown) => {
      await commit.commit();
      return value;
    }),
  );
}
