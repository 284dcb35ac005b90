import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { USES_SESSION } from '../dynamo-session.constants.js';
import { hasSession } from '../session/session-context.js';
import { SessionManager } from '../session/session-manager.js';
import { SessionTransports } from './session-transports.js';

/**
 * Loads the session before a handler that uses it (`@Session()`, or a {@link SessionGuard} that loaded it
 * already) and saves it after, before the response is sent, so a failed save is a failed response.
 * The transport of the context (HTTP; GraphQL and WebSocket once their modules are imported) decides what a
 * unit of work is (a request, an operation, a message). A handler whose only session parameter is
 * `@Session('destroy')` gets its session without a read of the store (see `SessionManager.loadUnread`).
 * Registered globally by `DynamoSessionModule` unless `globalInterceptor: false`.
 */
@Injectable()
export class SessionInterceptor implements NestInterceptor {
  constructor(
    private readonly manager: SessionManager,
    private readonly reflector: Reflector,
    private readonly transports: SessionTransports,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transport = this.transports.of(context);
    if (transport === undefined) return next.handle();
    const { wanted, unread } = this.useOf(context.getClass(), context.getHandler());
    if (!wanted && !hasSession(transport.unitOf(context))) return next.handle();
    return transport.intercept(context, next, this.manager, unread);
  }

  /** How a handler of a class uses the session: read from their metadata once, then remembered. */
  private useOf(type: object, handler: object): HandlerUse {
    let ofClass = this.uses.get(type);
    if (ofClass === undefined) {
      ofClass = new WeakMap();
      this.uses.set(type, ofClass);
    }
    let use = ofClass.get(handler);
    if (use === undefined) {
      const [onHandler, onClass] = this.reflector.getAll<(SessionUse | undefined)[]>(USES_SESSION, [
        handler as () => unknown,
        type as new () => unknown,
      ]);
      use = {
        wanted: onHandler !== undefined || onClass === true,
        // A handler that can only end the session (its one session parameter is @Session('destroy')).
        unread: onHandler === 'destroy' && onClass !== true,
      };
      ofClass.set(handler, use);
    }
    return use;
  }

  private readonly uses = new WeakMap<object, WeakMap<object, HandlerUse>>();
}

/** Whether a handler takes the session, and whether only to end it. */
interface HandlerUse {
  readonly wanted: boolean;
  readonly unread: boolean;
}

/** What `@Session()` or `@UseSession()` set: `'destroy'` when the handler takes nothing but `destroy`. */
type SessionUse = true | 'destroy';
