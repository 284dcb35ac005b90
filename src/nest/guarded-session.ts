import type { ExecutionContext } from '@nestjs/common';
import type { Session } from '../session/session.js';
import type { SessionManager } from '../session/session-manager.js';
import type { SessionTransport } from '../session/session-transport.js';

/**
 * The session of `context`'s unit of work, for a guard that must decide on it: through the per-unit memo,
 * read strongly consistently (with `consistentRead: 'auto'` too). A stand-in session (`failOpen`) cannot tell, so it fails as a store
 * outage; failures reach the client in the transport's form (HTTP: 503 with Retry-After).
 */
export async function guardedSession(
  manager: SessionManager,
  transport: SessionTransport,
  context: ExecutionContext,
): Promise<Session> {
  try {
    // A decision is never taken on a replica's answer: a destroyed session must not pass.
    const session = await manager.load(
      transport.unitOf(context),
      () => transport.inputOf(context),
      {
        consistent: true,
      },
    );
    manager.assertKnown(session);
    return session;
  } catch (error) {
    throw transport.failure(context, error);
  }
}
