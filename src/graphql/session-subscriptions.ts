import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { SessionManager } from '../session/session-manager.js';
import { findSessionManager } from '../http/find-session-manager.js';
import {
  connectSubscription,
  subscriptionContext,
  type GraphqlWsConnection,
} from './graphql-subscription-session.js';

/** The graphql-ws server options that give subscriptions the session (see {@link SessionSubscriptions}). */
export interface SessionGraphqlWsOptions {
  onConnect(connection: GraphqlWsConnection): Promise<boolean>;
  context(connection: GraphqlWsConnection): { req: object };
}

/**
 * Gives GraphQL subscriptions (graphql-ws) the session read from the connection's Cookie header at
 * connect, read-only. `DynamoSessionGraphqlModule` provides it; inject it in `GraphQLModule.forRootAsync`
 * and pass `graphqlWs()` as the driver's `subscriptions: { 'graphql-ws': ... }` (Apollo).
 */
@Injectable()
export class SessionSubscriptions {
  private manager?: SessionManager;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** `onConnect` loads the session once per connection (a store outage refuses it); `context` hands it on. */
  graphqlWs(): SessionGraphqlWsOptions {
    return {
      onConnect: async (connection) => {
        this.manager ??= findSessionManager(this.moduleRef);
        return connectSubscription(this.manager, connection);
      },
      context: (connection) => subscriptionContext(connection),
    };
  }
}
