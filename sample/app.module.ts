import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { ConfigModule } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DynamoSessionHealthIndicator } from '../src/health/index.js';
import { dynamoSessionConfig } from '../src/config/index.js';
import { DynamoSessionModule } from '../src/index.js';
import { DynamoSessionGraphqlModule, SessionSubscriptions } from '../src/graphql/index.js';
import { DynamoSessionWebSocketModule } from '../src/websocket/index.js';
import { AccountController } from './account.controller.js';
import { AuthController } from './auth.controller.js';
import { CartController } from './cart.controller.js';
import { HealthController } from './health.controller.js';
import { HomeController } from './home.controller.js';
import { KvController } from './kv.controller.js';
import { LiveGateway } from './live.gateway.js';
import { SessionEventLog } from './session-event-log.js';
import { SamplePassportModule } from './passport/sample-passport.module.js';
import { VisitsController } from './visits.controller.js';
import { queryLimits, SAMPLE_QUERY_LIMITS } from './graphql/query-limits.js';
import { SessionResolver } from './graphql/session.resolver.js';
import { TicksResolver } from './graphql/ticks.resolver.js';
import type { SamplePlatform } from './sample-platform.js';

/** Options of {@link AppModule.forPlatform}. */
export interface SampleAppOptions {
  /**
   * What needs a WebSocket on the app's own listening server: the socket.io gateway `/live`
   * (LiveGateway) and the graphql-ws subscriptions (`ticks`). Default true; false where
   * nothing listens and no upgrade arrives, as on AWS Lambda behind an API Gateway HTTP API.
   */
  webSockets?: boolean;
}

/**
 * The sample app. Session options come from the environment (`SESSION_SECRET`, `SESSION_TABLE`,
 * `DYNAMODB_ENDPOINT`, `AWS_REGION`, ...) through the library's `dynamoSessionConfig` namespace.
 */
/** What the GraphQL endpoint is on either driver: a schema from the resolvers, GraphiQL, query limits. */
const GRAPHQL_SETTINGS = {
  autoSchemaFile: true,
  graphiql: true,
  validationRules: [queryLimits(SAMPLE_QUERY_LIMITS)],
};

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    TerminusModule.forRoot(),
    // The library emits its session events here too (`session.<type>`): see SessionEventLog.
    EventEmitterModule.forRoot({ wildcard: true }),
    DynamoSessionModule.forRootAsync({ ...dynamoSessionConfig.asProvider(), isGlobal: true }),
    // POST /auth/password-login: Passport (passport-local) on the session, on Express and Fastify.
    SamplePassportModule,
  ],
  controllers: [
    HomeController,
    HealthController,
    AuthController,
    AccountController,
    KvController,
    VisitsController,
    CartController,
  ],
  providers: [
    DynamoSessionHealthIndicator,
    SessionEventLog,
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }),
    },
  ],
})
export class AppModule {
  /**
   * The app on `platform`, with `POST /graphql` (and its GraphiQL page on GET): Apollo on Express,
   * Mercurius on Fastify, on the same session as the REST routes. With `webSockets` (the default),
   * also the socket.io gateway `/live` and graphql-ws subscriptions (`ticks`, on Apollo or Mercurius)
   * that see the session read when the WebSocket connected.
   */
  static forPlatform(
    platform: SamplePlatform,
    { webSockets = true }: SampleAppOptions = {},
  ): DynamicModule {
    // Lets @Session() and SessionGuard serve WebSocket gateways (LiveGateway).
    const live = webSockets
      ? { imports: [DynamoSessionWebSocketModule], providers: [LiveGateway] }
      : { imports: [], providers: [] };
    const ticks = webSockets ? [TicksResolver] : [];
    if (platform === 'fastify') {
      return {
        module: AppModule,
        imports: [
          GraphQLModule.forRootAsync<MercuriusDriverConfig>({
            driver: MercuriusDriver,
            imports: [DynamoSessionGraphqlModule],
            inject: [SessionSubscriptions],
            useFactory: (subscriptions: SessionSubscriptions) => ({
              ...GRAPHQL_SETTINGS,
              // graphql-ws (graphql-transport-ws) on ws://.../graphql: the session read at connect, read-only.
              ...(webSockets && { subscription: subscriptions.mercurius() }),
            }),
          }),
          DynamoSessionGraphqlModule,
          ...live.imports,
        ],
        providers: [SessionResolver, ...ticks, ...live.providers],
      };
    }
    return {
      module: AppModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [DynamoSessionGraphqlModule],
          inject: [SessionSubscriptions],
          useFactory: (subscriptions: SessionSubscriptions) => ({
            ...GRAPHQL_SETTINGS,
            // graphql-ws on ws://.../graphql: the session read at connect, read-only.
            ...(webSockets && { subscriptions: { 'graphql-ws': subscriptions.graphqlWs() } }),
          }),
        }),
        DynamoSessionGraphqlModule,
        ...live.imports,
      ],
      providers: [SessionResolver, ...ticks, ...live.providers],
    };
  }
}
