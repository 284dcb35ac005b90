import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { SessionInput } from './session-input.js';
import type { SessionManager } from './session-manager.js';

/** The code of a refusal by `@RequireRecentLogin()`, on every transport. */
export const REAUTHENTICATION_REQUIRED = 'REAUTHENTICATION_REQUIRED';

/**
 * What the Nest-facing pieces (`@Session()`, `SessionGuard`, `CsrfGuard`, `SessionInterceptor`) need
 * from one transport (HTTP, GraphQL, WebSocket): its unit of work, what the core loads the session
 * from, how a unit runs around its handler, and how the core's errors reach its clients. Each adapter
 * implements it; the app's transports are registered through Nest's dependency injection (HTTP always,
 * GraphQL and WebSocket by their modules).
 */
export interface SessionTransport {
  /** The Nest context type it serves (`context.getType()`): `'http'`, `'graphql'`, `'ws'`. */
  readonly contextType: string;
  /**
   * The key of the unit of work `context` belongs to (one session load and one save per key). The
   * transport also makes the unit findable by `@Session()`, which sees only its handler's arguments:
   * from one of them (`shareUnit`), or as the unit its handler runs in (`runAsUnit`).
   */
  unitOf(context: ExecutionContext): object;
  /** What the core loads the session of `context`'s unit from (its Cookie header, HTTPS or not, ...). */
  inputOf(context: ExecutionContext): SessionInput;
  /**
   * Runs the handler of `context` with its session loaded, and saves it when the unit ends (through
   * `runSessionUnit`, the one load, handle, commit sequence). `unread`: the handler can only end the
   * session (`@Session('destroy')`), so the transport may load it with `manager.loadUnread` (no read of
   * the store); a transport that ignores it reads the session.
   */
  intercept(
    context: ExecutionContext,
    next: CallHandler,
    manager: SessionManager,
    unread?: boolean,
  ): Observable<unknown>;
  /** The error the client sees for `error` (a core error mapped to the platform's form). */
  failure(context: ExecutionContext, error: unknown): unknown;
  /** The error the client sees when `SessionGuard` refuses an unauthenticated session. */
  unauthenticated(context: ExecutionContext, message: string): unknown;
  /**
   * The error the client sees when `@RequireRecentLogin()` refuses a login that is not recent (code
   * `REAUTHENTICATION_REQUIRED`).
   */
  reauthenticationRequired(context: ExecutionContext, message: string): unknown;
}
