import type { SessionManager } from '../session/session-manager.js';
import {
  checkSubscription,
  connectSubscription,
  type SubscriptionConnection,
  type SubscriptionSocket,
} from './graphql-subscription-session.js';

/** Where a Mercurius subscription context keeps its connection (the context is copied per subscription). */
const CONNECTION = Symbol('nestjs-dynamodb-session.subscriptionConnection');

/** The Mercurius `subscription` options that give subscriptions the session (see `SessionSubscriptions`). */
export interface SessionMercuriusSubscriptionOptions {
  /** The GraphQL context of the connection's subscriptions: `req`, its upgrade request, as over HTTP. */
  context(socket: SubscriptionSocket, request: object): Promise<{ req: object }>;
}

/**
 * The Mercurius adapter of the subscription session rules, connect step: Mercurius calls `context`
 * once per connection, on its `connection_init`, before acknowledging it; it loads the session (a store
 * failure closes the socket, so no acknowledgement follows) and hands the resolvers `{ req }`.
 */
export function mercuriusSubscriptionOptions(
  manager: () => SessionManager,
  maxAgeMs: number | undefined,
): SessionMercuriusSubscriptionOptions {
  return {
    context: async (socket, request) => {
      const connection: SubscriptionConnection = { request, socket };
      // Refused (false): the socket is closed with its reason; Mercurius's acknowledgement then fails.
      await connectSubscription(manager(), connection, maxAgeMs);
      const context: { req: object } & MercuriusSubscriptionContextLike = {
        req: request,
        [CONNECTION]: connection,
      };
      return context;
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
  context: MercuriusSubscriptionContextLike,
): Promise<void> {
  const connection = context[CONNECTION];
  if (connection === undefined) return;
  const [refused] = (await checkSubscription(manager, connection)) ?? [];
  if (refused !== undefined) throw refused;
}
