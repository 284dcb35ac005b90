import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { HttpSessionTransport } from '../http/http-session-transport.js';
import type { SessionTransport } from '../session/session-transport.js';

/**
 * The session transports of the app, by Nest context type (`context.getType()`): a provider of every
 * session module. HTTP is always there; `DynamoSessionGraphqlModule` and `DynamoSessionWebSocketModule`
 * add theirs ({@link addSessionTransport}), so the main entry point never loads GraphQL or WebSocket
 * packages. Internal.
 */
@Injectable()
export class SessionTransports {
  private readonly byType = new Map<string, SessionTransport>();

  constructor() {
    this.add(new HttpSessionTransport());
  }

  /** Adds (or replaces) the transport of its context type. */
  add(transport: SessionTransport): void {
    this.byType.set(transport.contextType, transport);
  }

  /** The transport serving `context`, or undefined for a context type no transport serves. */
  of(context: ExecutionContext): SessionTransport | undefined {
    return this.byType.get(context.getType<string>());
  }

  /** The transport serving `context`; throws, naming the fix, for a context type none serves. */
  require(context: ExecutionContext): SessionTransport {
    const transport = this.of(context);
    if (transport !== undefined) return transport;
    throw sessionUnavailableIn(context.getType<string>());
  }
}

/**
 * The error of a session wanted in a context of type `type` that no transport of the app serves: a
 * wiring mistake, so a plain Error that Nest logs.
 */
export function sessionUnavailableIn(type: string): Error {
  return new Error(
    `The session is not available in a "${type}" context: nestjs-dynamodb-session serves HTTP controllers, GraphQL resolvers once DynamoSessionGraphqlModule (from "nestjs-dynamodb-session/graphql") is imported, and WebSocket gateways once DynamoSessionWebSocketModule (from "nestjs-dynamodb-session/websocket") is imported.`,
  );
}

/**
 * Adds `transport` to the app's {@link SessionTransports} (those of every session module it imports);
 * throws, naming the fix, when the app imports none. `needer` is the module that adds it.
 */
export function addSessionTransport(
  moduleRef: ModuleRef,
  transport: SessionTransport,
  needer: string,
): void {
  let found: SessionTransports[] = [];
  try {
    found = moduleRef.get(SessionTransports, { strict: false, each: true });
  } catch {
    // Not provided anywhere: said below.
  }
  if (found.length === 0) {
    throw new Error(
      `${needer} needs DynamoSessionModule: import DynamoSessionModule.forRoot(...) in the app too.`,
    );
  }
  for (const transports of found) transports.add(transport);
}
