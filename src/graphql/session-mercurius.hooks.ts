import type { SessionManager } from '../session/session-manager.js';
import { endOperation, expectOperationEnd } from './graphql-operation.js';
import { SESSION_ERROR_CODES, sessionErrorStatus } from './graphql-session-error.js';
import { checkMercuriusSubscription } from './mercurius-subscriptions.js';

/** What the hooks use of a Mercurius context: the Fastify request and reply. */
interface MercuriusContextLike {
  req?: object;
  reply?: object & { code(status: number): unknown };
}

interface Execution {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** The part of a Fastify instance with Mercurius that the hooks need. */
export interface MercuriusAppLike {
  graphql?: {
    addHook(name: 'preExecution', hook: (...args: never[]) => Promise<void> | void): void;
    addHook(name: 'onResolution', hook: (...args: never[]) => Promise<void> | void): void;
    addHook(
      name: 'preSubscriptionExecution',
      hook: (...args: never[]) => Promise<void> | void,
    ): void;
  };
}

/**
 * Adds to Mercurius the hooks that save the session of a GraphQL operation once all its resolvers ran,
 * before the response is sent (`onResolution`); a failed save replaces the data with the session's
 * error and sets the HTTP status (503 for an outage). Before each subscription on a connection of
 * `SessionSubscriptions.mercurius()`, `preSubscriptionExecution` checks that its session is still live.
 * Answers false when `app` has no Mercurius.
 */
export function addSessionMercuriusHooks(
  app: MercuriusAppLike,
  manager: () => SessionManager,
): boolean {
  const graphql = app.graphql;
  if (graphql === undefined || typeof graphql.addHook !== 'function') return false;
  const preExecution = (_schema: unknown, _document: unknown, context: MercuriusContextLike) => {
    if (context.req !== undefined) expectOperationEnd(context.req);
  };
  const onResolution = async (execution: Execution, context: MercuriusContextLike) => {
    const { req: request, reply } = context;
    if (request === undefined || reply === undefined) return;
    const failed = await endOperation(manager(), request, reply);
    if (failed !== undefined) {
      execution.data = null;
      execution.errors = [...(execution.errors ?? []), failed];
      reply.code(SESSION_ERROR_CODES[failed.extensions.code as keyof typeof SESSION_ERROR_CODES]);
      return;
    }
    const status = sessionErrorStatus(execution.errors);
    if (status === SESSION_ERROR_CODES.SESSION_STORE_UNAVAILABLE) {
      execution.data = null;
      reply.code(status);
    }
  };
  const preSubscriptionExecution = async (_schema: unknown, _document: unknown, context: object) =>
    checkMercuriusSubscription(manager(), context);
  graphql.addHook('preExecution', preExecution as never);
  graphql.addHook('preSubscriptionExecution', preSubscriptionExecution as never);
  graphql.addHook('onResolution', onResolution as never);
  return true;
}
