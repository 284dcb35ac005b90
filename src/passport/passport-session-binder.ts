import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import passport from 'passport';
import { rawRequest } from '../http/http-exchange.js';
import { findSessionManager } from '../http/find-session-manager.js';
import { httpSessionFailure } from '../http/http-session-failure.js';
import { httpSessionInput } from '../http/http-session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { attachPassportSession } from './passport-request-session.js';
import { PASSPORT_USER_ID_OF, type PassportUserIdOf } from './passport-user-id.js';

type Next = (error?: unknown) => void;

/**
 * Gives one request Passport's session, on the request object Nest's guards and handlers see (Express's
 * request, or Fastify's): loads the session through the per-request memo (the one GetItem that
 * `@Session()`, `SessionGuard` and the interceptor then share), gives Passport its `req.session` over
 * it, and runs Passport's session strategy, so `req.user` is the deserialized user of a logged-in
 * session and `req.logIn`, `req.logOut` and `req.isAuthenticated` are there. The interceptor saves the
 * session when the request ends, as on every route. A store failure throws 503 with Retry-After (500
 * when DynamoDB rejected the read).
 */
@Injectable()
export class PassportSessionBinder {
  private manager: SessionManager | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Optional()
    @Inject(PASSPORT_USER_ID_OF)
    private readonly userIdOf: PassportUserIdOf | undefined,
  ) {}

  async bind(request: object, response: object): Promise<void> {
    this.manager ??= findSessionManager(this.moduleRef, 'DynamoSessionPassportModule');
    const manager = this.manager;
    let session;
    try {
      // Passport decides who req.user is from this read, and req.isAuthenticated() guards on it: read
      // strongly consistently, as SessionGuard does, so a stale replica never logs anyone back in.
      session = await manager.load(rawRequest(request), () => httpSessionInput(request), {
        consistent: true,
      });
      // With failOpen a store that could not be read gives a stand-in session: Passport would take
      // its user as logged out, so answer 503 as SessionGuard does.
      manager.assertKnown(session);
    } catch (error) {
      throw httpSessionFailure(response, error);
    }
    attachPassportSession(request, session, this.userIdOf);
    await new Promise<void>((resolve, reject) => {
      const restore = passport.session() as unknown as (
        req: object,
        res: object,
        done: Next,
      ) => void;
      restore(request, response, (error) =>
        error === undefined || error === null ? resolve() : reject(error),
      );
    });
  }
}
