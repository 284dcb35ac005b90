import { WsException } from '@nestjs/websockets';
import { SessionTooLargeError } from '../repository/session-too-large.error.js';
import { SessionConflictError } from '../session/session-conflict.error.js';
import { SessionNotStoredError } from '../session/session-not-stored.error.js';
import { SessionStoreRejectedError } from '../session/session-store-rejected.error.js';
import { SessionStoreUnavailableError } from '../session/session-store-unavailable.error.js';

/** The codes a WebSocket client finds in the `exception` it receives for a session failure. */
export type WebSocketSessionErrorCode =
  | 'UNAUTHENTICATED'
  | 'SESSION_STORE_UNAVAILABLE'
  | 'SESSION_STORE_REJECTED'
  | 'SESSION_CONFLICT'
  | 'SESSION_TOO_LARGE'
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

const CODES: ReadonlyArray<[new (...args: never[]) => Error, WebSocketSessionErrorCode]> = [
  [SessionStoreUnavailableError, 'SESSION_STORE_UNAVAILABLE'],
  [SessionStoreRejectedError, 'SESSION_STORE_REJECTED'],
  [SessionConflictError, 'SESSION_CONFLICT'],
  [SessionTooLargeError, 'SESSION_TOO_LARGE'],
  [SessionNotStoredError, 'SESSION_NOT_STORED'],
];

/** The `WsException` a message answers for a failure of the session core; anything else as it is. */
export function webSocketSessionError(error: unknown): unknown {
  for (const [type, code] of CODES) {
    if (error instanceof type) return webSocketSessionException(code, error.message);
  }
  return error;
}
