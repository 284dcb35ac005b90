import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The path socket.io serves (its default, which LiveGateway keeps: it sets no `path`). */
const SOCKET_IO_PATH = '/socket.io/';

/**
 * Leaves socket.io's WebSocket upgrades to socket.io on Fastify. Mercurius's subscriptions register
 * @fastify/websocket, which routes every upgrade request of the server through Fastify: one for
 * socket.io matches no route, and Fastify's 404 would be written on the socket socket.io is upgrading.
 * This hook takes such a request out of Fastify (hijacked: Fastify writes nothing) before routing.
 */
export function leaveSocketIoUpgrades(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (
        request.headers.upgrade?.toLowerCase() === 'websocket' &&
        request.url.startsWith(SOCKET_IO_PATH)
      ) {
        reply.hijack();
      }
      done();
    });
}
