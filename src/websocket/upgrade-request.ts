import type { IncomingMessage } from 'node:http';

/**
 * The HTTP upgrade request of each plain WebSocket client (`@nestjs/platform-ws`), whose Cookie header
 * its messages' sessions are read from. The `ws` package hands it only to the `connection` event, so a
 * gateway keeps it with {@link keepUpgradeRequest}. Held weakly: it goes with the client.
 */
const upgradeRequests = new WeakMap<object, IncomingMessage>();

/**
 * Keeps `request`, the upgrade request of a `@nestjs/platform-ws` client, for the session of its
 * messages. Call it in the gateway's `handleConnection(client, request)`. socket.io clients need none:
 * their handshake is on the socket.
 */
export function keepUpgradeRequest(client: object, request: IncomingMessage): void {
  upgradeRequests.set(client, request);
}

/** The upgrade request kept for `client`, if any. */
export function upgradeRequestOf(client: object): IncomingMessage | undefined {
  return upgradeRequests.get(client);
}
