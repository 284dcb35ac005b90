import type { ExecutionContext } from '@nestjs/common';
import { HttpSessionTransport } from '../http/http-session-transport.js';
import type { SessionTransport } from './session-transport.js';

/**
 * The transports by Nest context type (`context.getType()`). HTTP is always there; the `graphql`
 * and `websocket` subpaths add their own when they are loaded, so the main entry point never loads
 * GraphQL or WebSocket packages.
 */
const transports = new Map<string, SessionTransport>([['http', new HttpSessionTransport()]]);

/** Adds (or replaces) the transport of the Nest context type `type`. */
export function registerSessionTransport(type: string, transport: SessionTransport): void {
  transports.set(type, transport);
}

/** The transport serving `context`, or undefined for a context type no transport serves. */
export function sessionTransportOf(context: ExecutionContext): SessionTransport | undefined {
  return transports.get(context.getType<string>());
}

/** The transport serving `context`; throws, naming the fix, for a context type none serves. */
export function requireSessionTransport(context: ExecutionContext): SessionTransport {
  const transport = sessionTransportOf(context);
  if (transport !== undefined) return transport;
  // A wiring mistake: a plain Error, so Nest logs it.
  throw new Error(
    `The session is not available in a "${context.getType<string>()}" context: nestjs-dynamodb-session serves HTTP controllers, GraphQL resolvers once its "nestjs-dynamodb-session/graphql" entry point is set up, and WebSocket gateways once "nestjs-dynamodb-session/websocket" is imported.`,
  );
}
