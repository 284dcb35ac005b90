// `nestjs-dynamodb-session/websocket`: needs @nestjs/websockets and a platform (@nestjs/platform-socket.io
// or @nestjs/platform-ws). Importing DynamoSessionWebSocketModule into the app lets `@Session()`,
// `SessionGuard` and `SessionInterceptor` serve WebSocket gateways; the main entry point never loads
// WebSocket packages.
export { DynamoSessionWebSocketModule } from './dynamo-session-websocket.module.js';
export { keepUpgradeRequest } from './upgrade-request.js';
export { SessionNotStoredError } from '../session/session-not-stored.error.js';
export type { WebSocketSessionErrorCode } from './websocket-session-failure.js';
