import {
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PassportSessionMiddleware } from './passport-session.middleware.js';

/**
 * Passport (`@nestjs/passport` with `PassportModule.register({ session: true })`) on
 * nestjs-dynamodb-session: import it next to `DynamoSessionModule` and `PassportModule`. On every route,
 * before the guards, it loads the session (one GetItem at most per request, shared with `@Session()`),
 * gives Passport its `req.session` over it and restores `req.user` through your `PassportSerializer`.
 * `req.login(user)` gives the session a new id and the serialized user as its identity
 * (`session.userId`); `req.logout()` ends the session. Express only: on Fastify it stops the app at
 * boot, naming the fix.
 */
@Module({ providers: [PassportSessionMiddleware] })
export class DynamoSessionPassportModule implements NestModule, OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(PassportSessionMiddleware)
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
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
