import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { SessionManager } from '../session/session-manager.js';
import { findSessionManager } from '../http/find-session-manager.js';
import type { GraphQLError } from 'graphql';
import {
  checkSubscription,
  connectSubscription,
  subscriptionContext,
  type GraphqlWsConnection,
} from './graphql-subscription-session.js';

/** The graphql-ws server options that give subscriptions the session (see {@link SessionSubscriptions}). */
export interface SessionGraphqlWsOptions {
  onConnect(connection: GraphqlWsConnection): Promise<boolean>;
  onSubscribe(connection: GraphqlWsConnection): Promise<readonly GraphQLError[] | undefined>;
  context(connection: GraphqlWsConnection): { req: object };
}

/** How {@link SessionSubscriptions.graphqlWs} treats connections. */
export interface SessionGraphqlWsSettings {
  /**
   * Close a connection (code 1000, reason `CONNECTION_MAX_AGE`) this many seconds after it connected,
   * so a subscription that keeps running cannot outlive a logout by longer. Default: no limit.
   */
  readonly maxConnectionAge?: number;
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

  /**
   * `onConnect` loads the session once per connection (a store outage refuses it); `onSubscribe` checks
   * that it is still live before each subscription (one consistent read), closing the connection once
   * it ended; `context` hands it on.
   */
  graphqlWs(settings: SessionGraphqlWsSettings = {}): SessionGraphqlWsOptions {
    const maxAgeMs = maxAgeMsOf(settings.maxConnectionAge);
    return {
      onConnect: async (connection) => connectSubscription(this.managerNow(), connection, maxAgeMs),
      onSubscribe: async (connection) => checkSubscription(this.managerNow(), connection),
      context: (connection) => subscriptionContext(connection),
    };
  }

  private managerNow(): SessionManager {
    this.manager ??= findSessionManager(this.moduleRef);
    return this.manager;
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** `maxConnectionAge` (seconds) in ms; throws, naming the option, for anything but a positive number. */
function maxAgeMsOf(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  // A timer waits at most 2^31 - 1 ms (about 24.8 days): longer would fire at once.
  if (typeof seconds !== 'number' || !(seconds > 0 && seconds * 1000 <= MAX_TIMER_MS)) {
    throw new TypeError(
      `SessionSubscriptions.graphqlWs({ maxConnectionAge }) must be a number of seconds above 0 and at most ${Math.floor(MAX_TIMER_MS / 1000)}, got ${String(seconds)}`,
    );
  }
  return seconds * 1000;
}
