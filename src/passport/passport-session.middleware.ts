import { Injectable, type NestMiddleware } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyPassportSession } from './fastify-passport-session.js';
import { PassportSessionBinder } from './passport-session-binder.js';

type Next = (error?: unknown) => void;

/**
 * Before the guards, on the routes of `DynamoSessionPassportModule`: gives the request Passport's
 * session (see {@link PassportSessionBinder}). On Express it binds it here, on the request the guards
 * see; on Fastify this middleware gets the raw Node request, so it marks it and the module's
 * `preHandler` hook binds the session on the Fastify request (see {@link FastifyPassportSession}).
 */
@Injectable()
export class PassportSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly binder: PassportSessionBinder,
    private readonly fastify: FastifyPassportSession,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async use(request: object, response: object, next: Next): Promise<void> {
    if (this.adapterHost.httpAdapter.getType() === 'fastify') this.fastify.mark(request);
    else await this.binder.bind(request, response);
    next();
  }
}
