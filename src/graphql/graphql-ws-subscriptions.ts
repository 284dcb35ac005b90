import type { GraphQLError } from 'graphql';
import type { SessionManager } from '../session/session-manager.js';
import { shareUnit } from '../session/session-unit.js';
import {
  checkSubscription,
  connectSubscription,
  type SubscriptionConnection,
} from './graphql-subscription-session.js';

/**
 * A graphql-ws connection context. The session uses its `extra` as graphql-ws on `ws` makes it (the
 * server of `@nestjs/graphql`): the upgrade `request` and the `socket`.
 */
export interface GraphqlWsConnection {
  readonly extra: unknown;
  /** The client's `connection_init` payload, once it arrived. */
  readonly connectionParams?: unknown;
}

/** The graphql-ws server options that give subscriptions the session (see `SessionSubscriptions`). */
export interface SessionGraphqlWsOptions {
  onConnect(connection: GraphqlWsConnection): Promise<boolean>;
  onSubscribe(connection: GraphqlWsConnection): Promise<readonly GraphQLError[] | undefined>;
  context(connection: GraphqlWsConnection): { req: object };
}

/**
 * The graphql-ws adapter of the subscription session rules: `onConnect` loads the session, `onSubscribe`
 * checks it, `context` hands it to the resolvers (`{ req }`, the upgrade request).
 */
export function graphqlWsOptions(
  manager: () => SessionManager,
  maxAgeMs: number | undefined,
): SessionGraphqlWsOptions {
  return {
    onConnect: async (connection) =>
      connectSubscription(manager(), connectionOf(connection), maxAgeMs),
    onSubscribe: async (connection) => checkSubscription(manager(), connectionOf(connection)),
    context: (connection) => {
      const context = { req: connectionOf(connection).request };
      // Its resolvers' @Session() find the session loaded at connect from the context value they get.
      shareUnit(context, context.req);
      return context;
    },
  };
}

/** The upgrade request and socket of `connection`; throws, naming the fix, for another server. */
function connectionOf(connection: GraphqlWsConnection): SubscriptionConnection {
  const extra = connection.extra as Partial<SubscriptionConnection> | undefined;
  if (
    typeof extra?.request !== 'object' ||
    extra.request === null ||
    typeof extra.socket?.close !== 'function'
  ) {
    throw new Error(
      'SessionSubscriptions.graphqlWs() needs graphql-ws served on "ws" (context.extra holds the upgrade request and the socket), as the Apollo driver of @nestjs/apollo serves it; on Mercurius, use SessionSubscriptions.mercurius().',
    );
  }
  const { connectionParams } = connection;
  return { request: extra.request, socket: extra.socket, connectionParams };
}
