import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { headerText, type SessionInput } from '../session/session-input.js';
import { upgradeRequestOf } from './upgrade-request.js';

/** What a socket.io socket offers: the engine.io handshake request, and the handshake's `auth`. */
interface SocketIoClient {
  request?: IncomingMessage;
  handshake?: { auth?: { sessionToken?: unknown } };
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
 * What the session core needs from a WebSocket message: the Cookie header (or the session token of a
 * header client: socket.io's handshake `auth.sessionToken`, or the upgrade request's headers), HTTPS
 * and User-Agent of its client's handshake, read again for every message (none of them changes while
 * the socket is open).
 */
export function webSocketSessionInput(client: object): SessionInput {
  const { headers, socket } = handshakeRequestOf(client);
  const cookie = headers.cookie;
  const agent = headers['user-agent'];
  return {
    cookieHeader: Array.isArray(cookie) ? cookie.join('; ') : cookie,
    header: (name) => headerText(headers[name]),
    sessionToken: (client as SocketIoClient).handshake?.auth?.sessionToken,
    https: (socket as TLSSocket | undefined)?.encrypted === true,
    userAgent: agent === undefined || agent === '' ? undefined : agent.slice(0, 512),
    // The handshake's peer: no X-Forwarded-For is trusted here (see docs/sessions.md, the device list).
    clientIp: socket?.remoteAddress,
    // A message's writes cannot reach the handshake's cookie: its mark would not follow them.
    consistentRead: true,
  };
}
