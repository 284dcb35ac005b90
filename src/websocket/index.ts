// `nestjs-dynamodb-session/websocket`: needs @nestjs/websockets and a platform (@nestjs/platform-socket.io
// or @nestjs/platform-ws). Importing it lets `@Session()`, `SessionGuard` and `SessionInterceptor` serve
// WebSocket gateways; the main entry point never loads WebSocket packages.
import { registerSessionTransport } from '../nest/session-transports.js';
import { WebSocketSessionTransport } from './websocket-session-transport.js';

registerSessionTransport('ws', new WebSocketSessionTransport());

export { keepUpgradeRequest } from './upgrade-request.js';
export { SessionNotStoredError } from '../session/session-not-stored.error.js';
export type { WebSocketSessionErrorCode } from './websocket-session-failure.js';
