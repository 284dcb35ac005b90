import {
  Inject,
  Module,
  Optional,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces/index.js';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportSessionMiddleware } from './passport-session.middleware.js';

/** The routes `forRoutes` limits Passport's session to (every route without it). */
const PASSPORT_SESSION_ROUTES = Symbol('PASSPORT_SESSION_ROUTES');

/** What {@link DynamoSessionPassportModule.forRoutes} takes: Nest's `MiddlewareConsumer.forRoutes` arguments. */
export type PassportSessionRoute = string | Type | RouteInfo;

/**
 * Passport (`@nestjs/passport` with `PassportModule.register({ session: true })`) on
 * nestjs-dynamodb-session: import it next to `DynamoSessionModule` and `PassportModule`. On every route
 * (or those of {@link forRoutes}), before the guards, it loads the session (one GetItem at most per
 * request, shared with `@Session()`), gives Passport its `req.session` over it and restores `req.user`
 * through your `PassportSerializer`. `req.login(user)` gives the session a new id and the serialized
 * user as its identity (`session.userId`); `req.logout()` ends the session. Express only: on Fastify
 * it stops the app at boot, naming the fix.
 */
@Module({ providers: [PassportSessionMiddleware] })
export class DynamoSessionPassportModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional()
    @Inject(PASSPORT_SESSION_ROUTES)
    private readonly routes: readonly PassportSessionRoute[] | undefined,
  ) {}

  /**
   * Passport's session on these routes only (controllers, paths or `RouteInfo`s, as
   * `MiddlewareConsumer.forRoutes` takes them): the others read the session only where they use it.
   */
  static forRoutes(...routes: PassportSessionRoute[]): DynamicModule {
    if (routes.length === 0) {
      throw new TypeError(
        'DynamoSessionPassportModule.forRoutes() needs at least one route; import DynamoSessionPassportModule itself for every route.',
      );
    }
    return {
      module: DynamoSessionPassportModule,
      providers: [{ provide: PASSPORT_SESSION_ROUTES, useValue: routes }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // `{*path}`: every path, the root included (`*path` needs at least one segment, so misses `/`).
    const routes = this.routes ?? [{ path: '{*path}', method: RequestMethod.ALL }];
    consumer.apply(PassportSessionMiddleware).forRoutes(...routes);
  }

  onModuleInit(): void {
    const platform = this.adapterHost.httpAdapter?.getType();
    if (platform !== undefined && platform !== 'express') {
      throw new Error(
        `DynamoSessionPassportModule runs on Express only (this app runs on ${platform}): Passport's login sessions need req.session on the request Nest's guards see, which only Express shares with middleware. On ${platform}, log users in with session.logIn(userId) after checking their credentials (see the README, Passport).`,
      );
    }
  }
}
