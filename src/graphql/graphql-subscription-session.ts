import { httpSessionInput } from '../http/http-session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { shareUnit } from '../session/session-unit.js';
import { sessionErrorCode } from './graphql-session-error.js';

/** Why a subscription's session refuses writes (the end of `SessionReadOnlyError`'s message). */
export const SUBSCRIPTION_READ_ONLY_REASON =
  'a GraphQL subscription reads it once, from the Cookie header of its WebSocket connection at connect; no cookie can be set over an open WebSocket and there is no unit of work to save it. Change the session in a query or mutation (POST /graphql).';

/**
 * A graphql-ws connection context. The session uses its `extra` as graphql-ws on `ws` makes it (the
 * server of `@nestjs/graphql`): the upgrade `request` and the `socket`.
 */
export interface GraphqlWsConnection {
  readonly extra: unknown;
}

interface WsExtra {
  request: object;
  socket: { close(code: number, reason: string): void };
}

/** The upgrade request and socket of `connection`; throws, naming the fix, for another server. */
function wsExtraOf(connection: GraphqlWsConnection): WsExtra {
  const extra = connection.extra as Partial<WsExtra> | undefined;
  if (
    typeof extra?.request !== 'object' ||
    extra.request === null ||
    typeof extra.socket?.close !== 'function'
  ) {
    throw new Error(
      'SessionSubscriptions.graphqlWs() needs graphql-ws served on "ws" (context.extra holds the upgrade request and the socket), as the Apollo driver of @nestjs/apollo serves it.',
    );
  }
  return extra as WsExtra;
}

/** WebSocket close codes: the server is overloaded, try again later (1013); an internal error (1011). */
const TRY_AGAIN_LATER = 1013;
const INTERNAL_ERROR = 1011;

/** A WebSocket close reason holds 123 bytes at most. */
const MAX_CLOSE_REASON_BYTES = 123;

/** The GraphQL context values of subscriptions (made by {@link subscriptionContext}). */
const subscriptionContexts = new WeakSet<object>();

/**
 * Loads the session of a graphql-ws connection, read-only, from its upgrade request's Cookie header,
 * once, at connect (the request is the unit of work of every subscription on it): a cookie that does
 * not verify costs no DynamoDB call. A failure of the store refuses the connection (answers false)
 * after closing it with a reason that starts with the error's code: 1013 "try again later" for
 * `SESSION_STORE_UNAVAILABLE`, 1011 for the others. Any other error is thrown.
 */
export async function connectSubscription(
  manager: SessionManager,
  connection: GraphqlWsConnection,
): Promise<boolean> {
  const { request, socket } = wsExtraOf(connection);
  try {
    await manager.loadReadOnly(
      request,
      () => httpSessionInput(request),
      SUBSCRIPTION_READ_ONLY_REASON,
    );
    return true;
  } catch (error) {
    const code = sessionErrorCode(error);
    if (code === undefined) throw error;
    const reason = Buffer.from(`${code}: ${(error as Error).message}`)
      .subarray(0, MAX_CLOSE_REASON_BYTES)
      .toString();
    socket.close(code === 'SESSION_STORE_UNAVAILABLE' ? TRY_AGAIN_LATER : INTERNAL_ERROR, reason);
    return false;
  }
}

/** The GraphQL context of a subscription on `connection`: `req`, the upgrade request, as over HTTP. */
export function subscriptionContext(connection: GraphqlWsConnection): { req: object } {
  const context = { req: wsExtraOf(connection).request };
  subscriptionContexts.add(context);
  // Its resolvers' @Session() find the session loaded at connect from the context value they get.
  shareUnit(context, context.req);
  return context;
}

/** Whether `context` is a subscription's GraphQL context (its session was loaded at connect). */
export function isSubscriptionContext(context: object): boolean {
  return subscriptionContexts.has(context);
}
