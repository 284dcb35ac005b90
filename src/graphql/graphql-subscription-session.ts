import { GraphQLError } from 'graphql';
import { rawRequest } from '../http/http-exchange.js';
import { httpSessionInput } from '../http/http-session-input.js';
import type { SessionInput } from '../session/session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { sessionErrorCode } from './graphql-session-error.js';

/** Why a subscription's session refuses writes (the end of `SessionReadOnlyError`'s message). */
export const SUBSCRIPTION_READ_ONLY_REASON =
  'a GraphQL subscription reads it once, from the Cookie header (or the session token) of its WebSocket connection at connect; no cookie can be set over an open WebSocket and there is no unit of work to save it. Change the session in a query or mutation (POST /graphql).';

/** The WebSocket of a subscription connection (`ws`'s, under graphql-ws on Apollo and under Mercurius). */
export interface SubscriptionSocket {
  close(code: number, reason: string): void;
  once?(event: 'close', listener: () => void): unknown;
  /** `ws`'s state: 1 while open. */
  readonly readyState?: number;
}

/**
 * One WebSocket connection of GraphQL subscriptions, whatever server serves it: each server's adapter
 * (graphql-ws on Apollo, Mercurius) makes it from what its hooks receive, and the session rules below
 * take nothing else.
 */
export interface SubscriptionConnection {
  /**
   * The upgrade request as the platform gives it (Node's on Express, Fastify's on Fastify); its raw
   * Node request is the unit of work of every subscription on the connection.
   */
  readonly request: object;
  readonly socket: SubscriptionSocket;
  /** The payload of the client's `connection_init` (graphql-ws's `connectionParams`), as it sent it. */
  readonly connectionParams?: unknown;
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
  'UNAUTHENTICATED: the session of this connection ended (logged out, revoked or expired); reconnect with a live cookie or token';

/** A WebSocket close reason holds 123 bytes at most. */
const MAX_CLOSE_REASON_BYTES = 123;

/** The units of work (raw upgrade requests) whose session a subscription connection loaded. */
const subscriptionUnits = new WeakSet<object>();

/**
 * What the connect step reads the session from, on every server: the one place that says it. The
 * upgrade request (its Cookie header or session token header, its scheme and User-Agent), and a
 * header client's token in `connectionParams.sessionToken`, which comes first.
 */
function subscriptionSessionInput(connection: SubscriptionConnection): SessionInput {
  const input = httpSessionInput(connection.request);
  const params = connection.connectionParams;
  const sessionToken =
    typeof params === 'object' && params !== null
      ? (params as { sessionToken?: unknown }).sessionToken
      : undefined;
  return sessionToken === undefined ? input : { ...input, sessionToken };
}

/**
 * Loads the session of a subscription connection, read-only, once, at connect (its upgrade request is
 * the unit of work of every subscription on it): a cookie that does not verify costs no DynamoDB call.
 * A failure of the store refuses the connection (answers false) after closing it with a reason that
 * starts with the error's code: 1013 "try again later" for `SESSION_STORE_UNAVAILABLE`, 1011 for the
 * others. Any other error is thrown. With `maxAgeMs`, the connection is closed once it is that old.
 */
export async function connectSubscription(
  manager: SessionManager,
  connection: SubscriptionConnection,
  maxAgeMs?: number,
): Promise<boolean> {
  const unit = rawRequest(connection.request);
  // Connected already (Mercurius runs onConnect again for a second connection_init): the session
  // stays the one loaded first, and its connection has its timer.
  if (subscriptionUnits.has(unit)) return true;
  try {
    await manager.loadReadOnly(
      unit,
      () => subscriptionSessionInput(connection),
      SUBSCRIPTION_READ_ONLY_REASON,
    );
  } catch (error) {
    closeOnFailure(connection.socket, error);
    return false;
  }
  subscriptionUnits.add(unit);
  if (maxAgeMs !== undefined) closeWhenOld(connection.socket, maxAgeMs);
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
  connection: SubscriptionConnection,
): Promise<readonly GraphQLError[] | undefined> {
  try {
    if (await manager.stillLive(rawRequest(connection.request))) return undefined;
  } catch (error) {
    closeOnFailure(connection.socket, error);
    return [new GraphQLError((error as Error).message)];
  }
  connection.socket.close(FORBIDDEN, closeReason(SESSION_ENDED));
  return [new GraphQLError(SESSION_ENDED, { extensions: { code: 'UNAUTHENTICATED' } })];
}

/** Whether `request` (Node's or the platform's) is the upgrade request of a connected subscription connection. */
export function isSubscriptionRequest(request: object): boolean {
  return subscriptionUnits.has(rawRequest(request));
}

/** Closes `socket` for a core error (1013 "try again later" when the store is unavailable, else 1011); throws any other. */
function closeOnFailure(socket: SubscriptionSocket, error: unknown): void {
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
function closeWhenOld(socket: SubscriptionSocket, maxAgeMs: number): void {
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
