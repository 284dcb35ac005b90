import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { concatMap, defer, from, lastValueFrom, Observable, toArray } from 'rxjs';
import type { SessionInput } from '../session/session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { messageUnitOf } from './websocket-message-unit.js';
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
export class WebSocketSessionTransport {
  unitOf(context: ExecutionContext): object {
    return messageUnitOf(context);
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

  intercept(
    context: ExecutionContext,
    next: CallHandler,
    manager: SessionManager,
  ): Observable<unknown> {
    const unit = this.unitOf(context);
    return defer(async () => {
      await manager.load(unit, () => this.inputOf(context)).catch(failWith);
      let values: unknown[];
      try {
        values = await lastValueFrom(next.handle().pipe(toArray()));
      } catch (error) {
        // Without saveOnError only a destroy() of the failed handler is applied.
        await manager.commitAfterError(unit, false, 'throw').catch(() => undefined);
        return failWith(error);
      }
      // Saved before the answer goes out: a failed save is the message's error, its answer not sent.
      await manager.commit(unit, false, 'throw').catch(failWith);
      return values;
    }).pipe(concatMap((values) => from(values)));
  }
}

/** Throws `error` as the client receives it. */
function failWith(error: unknown): never {
  throw webSocketSessionError(error);
}
