import {
  Inject,
  Injectable,
  Optional,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RECENT_LOGIN, SESSION_OPTIONS } from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { checkedSeconds, type RecentLoginSeconds } from '../rules/recent-login.js';
import type { Session } from '../session/session.js';
import { SessionManager } from '../session/session-manager.js';
import { guardedSession } from './guarded-session.js';
import { SessionTransports } from './session-transports.js';

/**
 * Lets a request through only with a live, authenticated session; answers 401 otherwise (over GraphQL
 * and WebSockets, an error whose code is `UNAUTHENTICATED`). Behind `@RequireRecentLogin(seconds)`,
 * a login older than that answers 403 (code `REAUTHENTICATION_REQUIRED`).
 * "Authenticated" is the module's `isAuthenticated` option (default: the session has an identity,
 * `session.userId`, set only by `session.logIn()`), or
 * override {@link SessionGuard.isAuthenticated} in a subclass. The session it loads is the one the
 * interceptor and `@Session()` see: one GetItem per request at most.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly manager: SessionManager,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    private readonly transports: SessionTransports,
    // Optional, so that a subclass whose constructor passes the first three still works; an ES private
    // field, so that it clashes with no member a subclass declares.
    @Optional() reflector?: Reflector,
  ) {
    this.#reflector = reflector ?? new Reflector();
  }

  readonly #reflector: Reflector;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const transport = this.transports.require(context);
    // With failOpen the session may be a stand-in: whether the user is logged in is unknown, so 503.
    const session = await guardedSession(this.manager, transport, context);
    if (!(await this.isAuthenticated(session, context))) {
      throw transport.unauthenticated(
        context,
        'Log in first: this route needs an authenticated session.',
      );
    }
    const recentLogin = this.#reflector.getAllAndOverride<RecentLoginSeconds | undefined>(
      RECENT_LOGIN,
      [context.getHandler(), context.getClass()],
    );
    if (recentLogin === undefined) return true;
    const maxAgeSeconds = checkedSeconds(
      typeof recentLogin === 'function' ? recentLogin() : recentLogin,
    );
    if (!this.manager.isRecentLogin(session, maxAgeSeconds)) {
      throw transport.reauthenticationRequired(
        context,
        `Log in again: this action needs a login within the last ${maxAgeSeconds} seconds (call session.reauthenticated() once the user has proved who they are).`,
      );
    }
    return true;
  }

  /** Whether `session` counts as logged in. Override to change what the guard accepts. */
  protected isAuthenticated(
    session: Session,
    _context: ExecutionContext,
  ): boolean | Promise<boolean> {
    return this.options.isAuthenticated(session);
  }
}
