import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { SessionInput } from '../session/session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { REAUTHENTICATION_REQUIRED, type SessionTransport } from '../session/session-transport.js';
import { runAsUnit, runSessionUnit } from '../session/session-unit.js';
import { webSocketSessionError, webSocketSessionException } from './websocket-session-failure.js';
import { webSocketSessionInput } from './websocket-session-input.js';

/**
 * The WebSocket adapter of the session core (`@nestjs/platform-socket.io` and `@nestjs/platform-ws`):
 * each message is a unit of work. Its session is loaded fresh from the handshake's Cookie header (so a
 * logout over HTTP is seen by the next message), and what the handler changed is saved after it,
 * before its answer (the acknowledgement) is sent. No cookie can be set over an open socket: a message
 * that would start or regenerate a session stores nothing and fails with `SESSION_NOT_STORED`. Core
 * errors reach the client as a `WsException`; the socket stays open.
 */
export class WebSocketSessionTransport implements SessionTransport {
  readonly contextType = 'ws';

  /**
   * The unit of work of one message: the arguments array Nest hands its guards and interceptors (one
   * array per message, left as it is). The handler's parameter decorators get a copy of it, so
   * `@Session()` finds the unit as the one running its handler (see `intercept` and `runAsUnit`).
   */
  unitOf(context: ExecutionContext): object {
    return context.getArgs<unknown[]>();
  }

  inputOf(context: ExecutionContext): SessionInput {
    return webSocketSessionInput(context.switchToWs().getClient<object>());
  }

  failure(_context: ExecutionContext, error: unknown): unknown {
    return webSocketSessionError(error);
  }

  unauthenticated(_context: ExecutionContext, message: string): unknown {
    return webSocketSessionException('UNAUTHENTICATED', message);
  }

  reauthenticationRequired(_context: ExecutionContext, message: string): unknown {
    return webSocketSessionException(REAUTHENTICATION_REQUIRED, message);
  }

  intercept(
    context: ExecutionContext,
    next: CallHandler,
    manager: SessionManager,
  ): Observable<unknown> {
    const unit = this.unitOf(context);
    const message = runSessionUnit(
      {
        manager,
        unit,
        input: () => this.inputOf(context),
        // Saved before the answer goes out: a failed save is the message's error, its answer not sent.
        end: { canSetCookie: () => false, send: () => undefined, notStored: 'throw' },
        failure: webSocketSessionError,
      },
      () => next.handle(),
    );
    return new Observable((subscriber) => runAsUnit(unit, () => message.subscribe(subscriber)));
  }
}
