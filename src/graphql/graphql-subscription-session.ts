import { GraphQLError } from 'graphql';
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
  socket: {
    close(code: number, reason: string): void;
    once?(event: 'close', listener: () => void): unknown;
    /** `ws`'s state: 1 while open. */
    readonly readyState?: number;
  };
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

/**
 * WebSocket close codes: the server is overloaded, try again later (1013); an internal error (1011);
 * graphql-ws's "Forbidden" (4403); a normal closure (1000). graphql-ws's client may retry after either
 * of the last two: a new connection reads the session of the cookie it then sends.
 */
const TRY_AGAIN_LATER = 1013;
const INTERNAL_ERROR = 1011;
const FORBIDDEN = 4403;
const NORMAL = 1000;
/** `ws`'s `readyState` of an open socket. */
const OPEN = 1;

/** What a client of a connection whose session ended is told (close reason and subscription error). */
const SESSION_ENDED =
  'UNAUTHENTICATED: the session of this connection ended (logged out, revoked or expired); reconnect with the current cookie';

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
  maxAgeMs?: number,
): Promise<boolean> {
  const { request, socket } = wsExtraOf(connection);
  try {
    await manager.loadReadOnly(
      request,
      () => httpSessionInput(request),
      SUBSCRIPTION_READ_ONLY_REASON,
    );
  } catch (error) {
    closeOnFailure(socket, error);
    return false;
  }
  if (maxAgeMs !== undefined) closeWhenOld(socket, maxAgeMs);
  return true;
}

/**
 * Before each subscription on `connection`: one strongly consistent read says whether the session it
 * loaded at connect is still live and the same identity's. Once it is not (logged out, regenerated,
 * ended everywhere, revoked by `notBefore`, expired), the connection is closed with 4403 and the
 * subscription refused (an `UNAUTHENTICATED` error), so no new subscription runs on an ended session. A
 * store failure closes it as at connect. A connection that loaded no stored session costs no read.
 */
export async function checkSubscription(
  manager: SessionManager,
  connection: GraphqlWsConnection,
): Promise<readonly GraphQLError[] | undefined> {
  const { request, socket } = wsExtraOf(connection);
  try {
    if (await manager.stillLive(request)) return undefined;
  } catch (error) {
    closeOnFailure(socket, error);
    return [new GraphQLError((error as Error).message)];
  }
  socket.close(FORBIDDEN, closeReason(SESSION_ENDED));
  return [new GraphQLError(SESSION_ENDED, { extensions: { code: 'UNAUTHENTICATED' } })];
}

/** Closes `socket` for a core error (1013 "try again later" when the store is unavailable, else 1011); throws any other. */
function closeOnFailure(socket: WsExtra['socket'], error: unknown): void {
  const code = sessionErrorCode(error);
  if (code === undefined) throw error;
  socket.close(
    code === 'SESSION_STORE_UNAVAILABLE' ? TRY_AGAIN_LATER : INTERNAL_ERROR,
    closeReason(`${code}: ${(error as Error).message}`),
  );
}

/**
 * Closes `socket` (1000) once it is `maxAgeMs` old: a subscription already running sees a logout only
 * when it ends, so this bounds how long one can outlive its session. The timer keeps no process alive.
 */
function closeWhenOld(socket: WsExtra['socket'], maxAgeMs: number): void {
  // Closed while its session was read: its 'close' has fired already, and would never clear a timer.
  if (socket.readyState !== undefined && socket.readyState !== OPEN) return;
  const timer = setTimeout(
    () => socket.close(NORMAL, closeReason('CONNECTION_MAX_AGE: reconnect to go on')),
    maxAgeMs,
  );
  timer.unref();
  socket.once?.('close', () => clearTimeout(timer));
}

/** `text` cut to what a WebSocket close reason holds. */
function closeReason(text: string): string {
  return Buffer.from(text).subarray(0, MAX_CLOSE_REASON_BYTES).toString();
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
