import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { SessionManager } from '../session/session-manager.js';
import { findSessionManager } from '../http/find-session-manager.js';
import { graphqlWsOptions, type SessionGraphqlWsOptions } from './graphql-ws-subscriptions.js';
import {
  mercuriusSubscriptionOptions,
  type SessionMercuriusSubscriptionOptions,
} from './mercurius-subscriptions.js';

/** How {@link SessionSubscriptions.graphqlWs} and {@link SessionSubscriptions.mercurius} treat connections. */
export interface SessionGraphqlWsSettings {
  /**
   * Close a connection (code 1000, reason `CONNECTION_MAX_AGE`) this many seconds after it connected,
   * so a subscription that keeps running cannot outlive a logout by longer. Default: no limit.
   */
  readonly maxConnectionAge?: number;
}

/**
 * Gives GraphQL subscriptions the session read from the connection's Cookie header at connect,
 * read-only, and checked again before each subscription. `DynamoSessionGraphqlModule` provides it;
 * inject it in `GraphQLModule.forRootAsync` and pass `graphqlWs()` as the Apollo driver's
 * `subscriptions: { 'graphql-ws': ... }`, or `mercurius()` as the Mercurius driver's `subscription`.
 */
@Injectable()
export class SessionSubscriptions {
  private manager?: SessionManager;

  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * The graphql-ws server options (Apollo): `onConnect` loads the session once per connection (a store
   * outage refuses it); `onSubscribe` checks that it is still live before each subscription (one
   * consistent read), closing the connection once it ended; `context` hands it on.
   */
  graphqlWs(settings: SessionGraphqlWsSettings = {}): SessionGraphqlWsOptions {
    return graphqlWsOptions(() => this.managerNow(), maxAgeMsOf('graphqlWs', settings));
  }

  /**
   * The Mercurius `subscription` options, with the same rules: `context` loads the session once per
   * connection (a store outage refuses it) and hands it on; the check before each subscription is the
   * `preSubscriptionExecution` hook `DynamoSessionGraphqlModule` adds to Mercurius.
   */
  mercurius(settings: SessionGraphqlWsSettings = {}): SessionMercuriusSubscriptionOptions {
    return mercuriusSubscriptionOptions(() => this.managerNow(), maxAgeMsOf('mercurius', settings));
  }

  private managerNow(): SessionManager {
    this.manager ??= findSessionManager(this.moduleRef);
    return this.manager;
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/** `maxConnectionAge` (seconds) in ms; throws, naming the option, for anything but a positive number. */
function maxAgeMsOf(method: string, { maxConnectionAge: seconds }: SessionGraphqlWsSettings) {
  if (seconds === undefined) return undefined;
  // A timer waits at most 2^31 - 1 ms (about 24.8 days): longer would fire at once.
  if (typeof seconds !== 'number' || !(seconds > 0 && seconds * 1000 <= MAX_TIMER_MS)) {
    throw new TypeError(
      `SessionSubscriptions.${method}({ maxConnectionAge }) must be a number of seconds above 0 and at most ${Math.floor(MAX_TIMER_MS / 1000)}, got ${String(seconds)}`,
    );
  }
  return seconds * 1000;
}
