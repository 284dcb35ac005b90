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
    const [onHandler, onClass] = this.reflector.getAll<(SessionUse | undefined)[]>(USES_SESSION, [
      context.getHandler(),
      context.getClass(),
    ]);
    const wanted = onHandler !== undefined || onClass === true;
    if (!wanted && !hasSession(transport.unitOf(context))) return next.handle();
    // A handler that can only end the session (its one session parameter is @Session('destroy')).
    const unread = onHandler === 'destroy' && onClass !== true;
    return transport.intercept(context, next, this.manager, unread);
  }
}

/** What `@Session()` or `@UseSession()` set: `'destroy'` when the handler takes nothing but `destroy`. */
type SessionUse = true | 'destroy';
