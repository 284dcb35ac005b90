import { Module, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { addSessionTransport } from '../nest/session-transports.js';
import { WebSocketSessionTransport } from './websocket-session-transport.js';

/**
 * The session in WebSocket gateways (`@nestjs/platform-socket.io` or `@nestjs/platform-ws`): import it
 * next to `DynamoSessionModule`. `@Session()`, `SessionGuard` and `SessionInterceptor` then serve
 * gateways' messages, each message a unit of work (see docs/websockets.md). It adds the WebSocket transport to
 * the session module's transports when the app starts.
 */
@Module({})
export class DynamoSessionWebSocketModule implements OnModuleInit {
  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    addSessionTransport(
      this.moduleRef,
      new WebSocketSessionTransport(),
      'DynamoSessionWebSocketModule',
    );
  }
}
