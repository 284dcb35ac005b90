import { WsException } from '@nestjs/websockets';
import { sessionFailureCode } from '../session/session-failure.js';

/** The codes a WebSocket client finds in the `exception` it receives for a session failure. */
export type WebSocketSessionErrorCode =
  | 'UNAUTHENTICATED'
  | 'REAUTHENTICATION_REQUIRED'
  | 'SESSION_STORE_UNAVAILABLE'
  | 'SESSION_STORE_REJECTED'
  | 'SESSION_CONFLICT'
  | 'SESSION_TOO_LARGE'
  | 'SESSION_LIMIT'
  | 'SESSION_NOT_STORED';

/**
 * A `WsException` the client receives (Nest sends it as the `exception` event) as
 * `{ status: 'error', code, message }`.
 */
export function webSocketSessionException(
  code: WebSocketSessionErrorCode,
  message: string,
): WsException {
  return new WsException({ status: 'error', code, message });
}

/** The codes of the library's errors that a message answers with their own code. */
const CODES: ReadonlySet<string> = new Set<WebSocketSessionErrorCode>([
  'SESSION_STORE_UNAVAILABLE',
  'SESSION_STORE_REJECTED',
  'SESSION_CONFLICT',
  'SESSION_TOO_LARGE',
  'SESSION_LIMIT',
  'SESSION_NOT_STORED',
]);

/** The `WsException` a message answers for a failure of the session core; anything else as it is. */
export function webSocketSessionError(error: unknown): unknown {
  const code = sessionFailureCode(error);
  if (code === undefined || !CODES.has(code)) return error;
  return webSocketSessionException(code as WebSocketSessionErrorCode, (error as Error).message);
}
