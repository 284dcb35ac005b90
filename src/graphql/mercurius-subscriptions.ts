import { GraphQLError } from 'graphql';
import type { SessionManager } from '../session/session-manager.js';
import {
  checkSubscription,
  connectSubscription,
  isSubscriptionRequest,
  type SubscriptionConnection,
  type SubscriptionSocket,
} from './graphql-subscription-session.js';

/** `ws`'s `readyState` of an open socket. */
const OPEN = 1;

/** The wiring mistake of a Mercurius subscription whose session was never loaded, and its fix. */
const MISSING_ON_CONNECT =
  "SessionSubscriptions.mercurius() needs both its context and its onConnect in Mercurius's subscription options, and Mercurius calling onConnect on its connection (as mercurius 16 does): pass them as they are, e.g. subscription: { ...subscriptions.mercurius(), keepAlive }, and call its onConnect from your own (onConnect(data) { return ours.onConnect.call(this, data) ... }) if you need one.";

/** Where a Mercurius subscription context keeps its connection (the context is copied per subscription). */
const CONNECTION = Symbol('nestjs-dynamodb-session.subscriptionConnection');

/** The Mercurius `subscription` options that give subscriptions the session (see `SessionSubscriptions`). */
export interface SessionMercuriusSubscriptionOptions {
  /** The GraphQL context of the connection's subscriptions: `req`, its upgrade request, as over HTTP. */
  context(socket: SubscriptionSocket, request: object): { req: object };
  /**
   * Loads the session on the connection's `connection_init`, whose payload may carry a header
   * client's `sessionToken`. Mercurius calls it on its connection object, after `context`.
   */
  onConnect(this: MercuriusConnectionLike | undefined, data: { payload?: unknown }): Promise<true>;
}

/** What `onConnect` uses of the Mercurius connection it is called on: the context `context` made. */
interface MercuriusConnectionLike {
  readonly context?: object;
}

/**
 * The Mercurius adapter of the subscription session rules, connect step: Mercurius makes the context
 * of a connection (`context`) on its `connection_init`, then calls `onConnect` with the message's
 * payload on the connection, before acknowledging it. `onConnect` loads the session from the upgrade
 * request or the payload's `sessionToken` (a store failure closes the socket, so no acknowledgement
 * follows) and the resolvers get `{ req }`.
 */
export function mercuriusSubscriptionOptions(
  manager: () => SessionManager,
  maxAgeMs: number | undefined,
): SessionMercuriusSubscriptionOptions {
  return {
    context: (socket, request) => ({ req: request, [CONNECTION]: { request, socket } }),
    async onConnect(data) {
      const context = this?.context as MercuriusSubscriptionContextLike | undefined;
      const connection = context?.[CONNECTION];
      if (connection === undefined) throw new Error(MISSING_ON_CONNECT);
      const params = { ...connection, connectionParams: data.payload };
      // Refused: the socket is closed with its reason; Mercurius's acknowledgement then goes nowhere.
      await connectSubscription(manager(), params, maxAgeMs);
      return true;
    },
  };
}

/** What the hook uses of a Mercurius subscription context. */
interface MercuriusSubscriptionContextLike {
  readonly [CONNECTION]?: SubscriptionConnection;
}

/**
 * The per-subscribe step on Mercurius (its `preSubscriptionExecution` hook, which Mercurius's
 * subscription options cannot carry): checks the session of a connection {@link mercuriusSubscriptionOptions}
 * made before each subscription; a refusal (the socket then closed) is thrown, so Mercurius answers the
 * subscription with an `error` message. Contexts of other connections are left alone.
 */
export async function checkMercuriusSubscription(
  manager: SessionManager,
  context: object,
): Promise<void> {
  const connection = (context as MercuriusSubscriptionContextLike)[CONNECTION];
  if (connection === undefined) return;
  if (!isSubscriptionRequest(connection.request)) {
    // Refused at connect (the store failed: the socket is closed, with its reason), or our onConnect
    // never ran (an app's own replaced it): no session was loaded.
    if (connection.socket.readyState !== undefined && connection.socket.readyState !== OPEN)
      throw new GraphQLError('This connection was refused at connect (see its close reason).');
    throw new Error(MISSING_ON_CONNECT);
  }
  const [refused] = (await checkSubscription(manager, connection)) ?? [];
  if (refused !== undefined) throw refused;
}
