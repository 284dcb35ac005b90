import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { addSessionTransport } from '../nest/session-transports.js';
import type { SessionManager } from '../session/session-manager.js';
import { findSessionManager } from '../http/find-session-manager.js';
import { GraphqlSessionTransport } from './graphql-session-transport.js';
import { SessionApolloPlugin } from './session-apollo.plugin.js';
import { SessionSubscriptions } from './session-subscriptions.js';
import { addSessionMercuriusHooks, type MercuriusAppLike } from './session-mercurius.hooks.js';

/**
 * The session in GraphQL resolvers: import it next to `GraphQLModule` and `DynamoSessionModule`.
 * `@Session()` and `SessionGuard` then work in queries, mutations and field resolvers; all resolvers of
 * one HTTP request share one session, saved once when the operation ends, before the response. On
 * Apollo it provides {@link SessionApolloPlugin} (the driver finds it); on Mercurius it adds the hooks
 * at bootstrap. It adds the GraphQL transport to the session module's transports when the app starts.
 */
@Module({
  providers: [SessionApolloPlugin, SessionSubscriptions],
  exports: [SessionApolloPlugin, SessionSubscriptions],
})
export class DynamoSessionGraphqlModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    addSessionTransport(
      this.moduleRef,
      new GraphqlSessionTransport(),
      'DynamoSessionGraphqlModule',
    );
  }

  onApplicationBootstrap(): void {
    const app = this.adapterHost.httpAdapter?.getInstance<MercuriusAppLike>();
    if (app === undefined) return;
    let manager: SessionManager | undefined;
    addSessionMercuriusHooks(app, () => (manager ??= findSessionManager(this.moduleRef)));
  }
}
