import { headersSent, rawRequest, sendSessionAnswer } from '../http/http-exchange.js';
import type { SessionManager } from '../session/session-manager.js';
import { sessionErrorCode } from './graphql-session-error.js';

/**
 * The units of work (raw HTTP requests) whose GraphQL operation ends through our Apollo plugin or
 * Mercurius hook, which save the session once after every resolver ran. A resolver whose unit is not
 * among them would change a session nobody saves: the transport refuses it, naming the fix.
 */
const saved = new WeakSet<object>();

/** Marks the operation of `request` as one whose session is saved when it ends. */
export function expectOperationEnd(request: object): void {
  saved.add(rawRequest(request));
}

/** Whether the operation of `request` is one whose session is saved when it ends. */
export function operationEndExpected(request: object): boolean {
  return saved.has(rawRequest(request));
}

/** A GraphQL error as servers format them into responses. */
export interface FormattedSessionError {
  message: string;
  extensions: { code: string };
}

/**
 * Ends the GraphQL operation of `request`: saves its session (once, whatever number of resolvers used
 * it) and sets the cookie or token on `response` before it is sent. Answers the error to report instead of the
 * operation's data when the save failed (a core failure; anything else is thrown).
 */
export async function endOperation(
  manager: SessionManager,
  request: object,
  response: object,
): Promise<FormattedSessionError | undefined> {
  try {
    const answer = await manager.commit(rawRequest(request), !headersSent(response));
    sendSessionAnswer(response, answer);
    return undefined;
  } catch (error) {
    const code = sessionErrorCode(error);
    if (code === undefined) throw error;
    return { message: (error as Error).message, extensions: { code } };
  }
}
