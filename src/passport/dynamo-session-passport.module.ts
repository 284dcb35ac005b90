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
import { FastifyPassportSession, type FastifyHooks } from './fastify-passport-session.js';
import { PassportSessionBinder } from './passport-session-binder.js';
import { PassportSessionMiddleware } from './passport-session.middleware.js';
import { PASSPORT_USER_ID_OF, type PassportUserIdOf } from './passport-user-id.js';

/** The routes `forRoutes` limits Passport's session to (every route without it). */
const PASSPORT_SESSION_ROUTES = Symbol('PASSPORT_SESSION_ROUTES');

/** What {@link DynamoSessionPassportModule.forRoutes} takes: Nest's `MiddlewareConsumer.forRoutes` arguments. */
export type PassportSessionRoute = string | Type | RouteInfo;

/** What {@link DynamoSessionPassportModule.register} takes. */
export interface DynamoSessionPassportOptions {
  /** Passport's session on these routes only (see {@link DynamoSessionPassportModule.forRoutes}); default: every route. */
  readonly routes?: readonly PassportSessionRoute[];
  /**
   * Where a serialized user that is more than an id (`done(null, user)`) keeps its id, the session's
   * identity: default `user.id`. Answers a non-empty string or a number.
   */
  readonly userIdOf?: PassportUserIdOf;
}

/**
 * Passport (`@nestjs/passport` with `PassportModule.register({ session: true })`) on
 * nestjs-dynamodb-session: import it next to `DynamoSessionModule` and `PassportModule`. On every route
 * (or those of {@link forRoutes}), before the guards, it loads the session (one GetItem at most per
 * request, shared with `@Session()`), gives Passport its `req.session` over it and restores `req.user`
 * through your `PassportSerializer`. `req.login(user)` gives the session a new id and the serialized
 * user as its identity (`session.userId`); `req.logout()` ends the session. On Express and Fastify
 * (where a `preHandler` hook gives the Fastify request, the one guards see, Passport's session: see
 * {@link FastifyPassportSession}); another HTTP platform stops the app at boot.
 */
@Module({ providers: [PassportSessionBinder, FastifyPassportSession, PassportSessionMiddleware] })
export class DynamoSessionPassportModule implements NestModule, OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly fastify: FastifyPassportSession,
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
    return DynamoSessionPassportModule.register({ routes });
  }

  /** Passport's session with options: its routes, and where a serialized user keeps its id. */
  static register(options: DynamoSessionPassportOptions): DynamicModule {
    const { routes, userIdOf } = options;
    if (routes !== undefined && routes.length === 0) {
      throw new TypeError(
        'DynamoSessionPassportModule.register({ routes }) needs at least one route; leave routes out for every route.',
      );
    }
    if (userIdOf !== undefined && typeof userIdOf !== 'function') {
      throw new TypeError(
        'DynamoSessionPassportModule.register({ userIdOf }) must be a function from the serialized user to its id, e.g. (user) => user.userId.',
      );
    }
    return {
      module: DynamoSessionPassportModule,
      providers: [
        ...(routes === undefined ? [] : [{ provide: PASSPORT_SESSION_ROUTES, useValue: routes }]),
        ...(userIdOf === undefined ? [] : [{ provide: PASSPORT_USER_ID_OF, useValue: userIdOf }]),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // `{*path}`: every path, the root included (`*path` needs at least one segment, so misses `/`).
    const routes = this.routes ?? [{ path: '{*path}', method: RequestMethod.ALL }];
    consumer.apply(PassportSessionMiddleware).forRoutes(...routes);
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    const platform = adapter?.getType();
    if (platform === undefined || platform === 'express') return;
    if (platform === 'fastify') {
      this.fastify.install(adapter.getInstance<FastifyHooks>());
      return;
    }
    throw new Error(
      `DynamoSessionPassportModule runs on Express and Fastify (this app runs on ${platform}): Passport's login sessions need req.session on the request Nest's guards see, which the module gives on those two. On ${platform}, log users in with session.logIn(userId) after checking their credentials (see docs/passport.md).`,
    );
  }
}
