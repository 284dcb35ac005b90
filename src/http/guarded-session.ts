import type { ExecutionContext } from '@nestjs/common';
import type { Session } from '../session/session.js';
import type { SessionManager } from '../session/session-manager.js';
import {
  addRetryAfter,
  SessionStoreUnavailableException,
} from './session-store-unavailable.exception.js';

/**
 * The request's session, for a guard that must decide on it: through the per-request memo (one
 * GetItem per request at most). A stand-in session (`failOpen`) cannot tell, so it answers 503,
 * with Retry-After like every store outage.
 */
export async function guardedSession(
  manager: SessionManager,
  context: ExecutionContext,
): Promise<Session> {
  const http = context.switchToHttp();
  try {
    const session = await manager.load(http.getRequest<object>());
    if (manager.isStandIn(session)) throw new SessionStoreUnavailableException();
    return session;
  } catch (error) {
    addRetryAfter(http.getResponse<object>(), error);
    throw error;
  }
}
