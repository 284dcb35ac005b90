import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { SessionInput } from '../session/session-input.js';
import { upgradeRequestOf } from './upgrade-request.js';

/** What a socket.io socket offers: the engine.io handshake request. */
interface SocketIoClient {
  request?: IncomingMessage;
}

/**
 * The HTTP request a WebSocket client connected with: a socket.io socket's handshake request, or the
 * upgrade request kept for a `@nestjs/platform-ws` client. Throws, naming the fix, when there is none.
 */
export function handshakeRequestOf(client: object): IncomingMessage {
  const request = (client as SocketIoClient).request ?? upgradeRequestOf(client);
  if (request?.headers !== undefined) return request;
  // A wiring mistake: a plain Error, so Nest logs it.
  throw new Error(
    "The session of this WebSocket message cannot be read: its client's upgrade request was not kept. With @nestjs/platform-ws, call keepUpgradeRequest(client, request) (from nestjs-dynamodb-session/websocket) in the gateway's handleConnection(client, request).",
  );
}

/**
 * What the session core needs from a WebSocket message: the Cookie header, HTTPS and User-Agent of its
 * client's handshake, read again for every message (its cookie never changes while the socket is open).
 */
export function webSocketSessionInput(client: object): SessionInput {
  const { headers, socket } = handshakeRequestOf(client);
  const cookie = headers.cookie;
  const agent = headers['user-agent'];
  return {
    cookieHeader: Array.isArray(cookie) ? cookie.join('; ') : cookie,
    https: (socket as TLSSocket | undefined)?.encrypted === true,
    userAgent: agent === undefined || agent === '' ? undefined : agent.slice(0, 512),
    // The handshake's peer: no X-Forwarded-For is trusted here (see docs/sessions.md, the device list).
    clientIp: socket?.remoteAddress,
    // A message's writes cannot reach the handshake's cookie: its mark would not follow them.
    consistentRead: true,
  };
}
