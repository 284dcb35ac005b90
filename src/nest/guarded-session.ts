import type { ExecutionContext } from '@nestjs/common';
import type { Session } from '../session/session.js';
import type { SessionManager } from '../session/session-manager.js';
import type { SessionTransport } from './session-transport.js';

/**
 * The session of `context`'s unit of work, for a guard that must decide on it: through the per-unit memo
 * (one GetItem per unit at most). A stand-in session (`failOpen`) cannot tell, so it fails as a store
 * outage; failures reach the client in the transport's form (HTTP: 503 with Retry-After).
 */
export async function guardedSession(
  manager: SessionManager,
  transport: SessionTransport,
  context: ExecutionContext,
): Promise<Session> {
  try {
    const session = await manager.load(transport.unitOf(context), () => transport.inputOf(context));
    manager.assertKnown(session);
    return session;
  } catch (error) {
    throw transport.failure(context, error);
  }
}
