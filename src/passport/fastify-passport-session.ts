import { Injectable } from '@nestjs/common';
import { PassportSessionBinder } from './passport-session-binder.js';

/** The Fastify request and reply, as far as this file reads them. */
interface FastifyRequestLike {
  readonly raw: object;
}

/** The Fastify instance under Nest's FastifyAdapter, as far as this file uses it. */
export interface FastifyHooks {
  addHook(
    name: 'preHandler',
    hook: (request: FastifyRequestLike, reply: object) => Promise<void>,
  ): unknown;
}

/**
 * Passport's session on Fastify. Nest runs middleware on Fastify with the raw Node request, while its
 * guards and handlers get the Fastify request, where Passport (through `AuthGuard`) looks for
 * `req.session` and `req.logIn` and sets `req.user`. So the middleware only marks the raw request
 * (which keeps `forRoutes` deciding the routes, as on Express), and a `preHandler` hook, which runs
 * after middleware and before Nest's route handler (guards, interceptors, handler), binds Passport's
 * session on the Fastify request of each marked one.
 */
@Injectable()
export class FastifyPassportSession {
  /** The raw requests of routes with Passport's session, not yet bound. */
  private readonly marked = new WeakSet<object>();

  constructor(private readonly binder: PassportSessionBinder) {}

  /** The middleware's part: `raw` (the Node request) gets Passport's session before the guards. */
  mark(raw: object): void {
    this.marked.add(raw);
  }

  /** Adds the hook to the app's Fastify instance (once, when the module initializes). */
  install(instance: FastifyHooks): void {
    instance.addHook('preHandler', async (request, reply) => {
      if (this.marked.delete(request.raw)) await this.binder.bind(request, reply);
    });
  }
}
