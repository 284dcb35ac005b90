import { awsErrorNameOf, SessionStoreError, type StoreCallFailure } from './session-store.error.js';
import { SessionStoreUnavailableError } from './session-store-unavailable.error.js';

/**
 * The store refused the session's read or write itself (a `ValidationException`: a bug or bad data),
 * code `SESSION_STORE_REJECTED`: retrying will not help. HTTP answers 500; the cause is logged.
 */
export class SessionStoreRejectedError extends SessionStoreError {
  override readonly name = 'SessionStoreRejectedError';
  readonly code = 'SESSION_STORE_REJECTED';

  constructor(failure?: StoreCallFailure | { cause?: unknown }) {
    super('The session store rejected the session.', failure);
  }
}

/** AWS errors that say the request itself was wrong: retrying will not help. */
const REJECTIONS: ReadonlySet<string> = new Set(['ValidationException', 'SerializationException']);

/** The error of a failed store call: rejected for a bad request, else unavailable. */
export function storeCallError(failure: StoreCallFailure): SessionStoreError {
  return REJECTIONS.has(awsErrorNameOf(failure.cause))
    ? new SessionStoreRejectedError(failure)
    : new SessionStoreUnavailableError(failure);
}
