import { GraphQLError } from 'graphql';
import { sessionFailureCode } from '../session/session-failure.js';

/**
 * The `extensions.code` of the GraphQL errors the session gives, and the HTTP status the response gets
 * for each where the server lets us set it (a store outage: 503, as over REST).
 */
export const SESSION_ERROR_CODES = {
  /** The store is down, slow or throttling: try again shortly (HTTP 503). */
  SESSION_STORE_UNAVAILABLE: 503,
  /** The store refused the session (HTTP 500); the cause is logged. */
  SESSION_STORE_REJECTED: 500,
  /** The session ended or changed while the operation ran; its changes were not saved (HTTP 409). */
  SESSION_CONFLICT: 409,
  /** The session would exceed `maxSessionSize`; nothing was written (HTTP 413). */
  SESSION_TOO_LARGE: 413,
  /** A login past `maxSessionsPerUser` with `onLimit: 'refuse'`; nothing was written (HTTP 409). */
  SESSION_LIMIT: 409,
} as const;

/** One of {@link SESSION_ERROR_CODES}. */
export type SessionErrorCode = keyof typeof SESSION_ERROR_CODES;

/** The code of a failure of the session core, or undefined for any other error. */
export function sessionErrorCode(error: unknown): SessionErrorCode | undefined {
  const code = sessionFailureCode(error);
  return code !== undefined && code in SESSION_ERROR_CODES ? (code as SessionErrorCode) : undefined;
}

/** A failure of the session core as the GraphQL error clients see (others are passed on as they are). */
export function graphqlSessionError(error: unknown): unknown {
  const code = sessionErrorCode(error);
  if (code === undefined) return error;
  return new GraphQLError((error as Error).message, { extensions: { code } });
}

/** The HTTP status a response with these GraphQL errors gets, when one of them is the session's. */
export function sessionErrorStatus(
  errors: readonly { extensions?: Readonly<Record<string, unknown>> }[] | undefined,
): number | undefined {
  for (const error of errors ?? []) {
    const code = error.extensions?.['code'];
    if (typeof code === 'string' && code in SESSION_ERROR_CODES) {
      return SESSION_ERROR_CODES[code as SessionErrorCode];
    }
  }
  return undefined;
}
