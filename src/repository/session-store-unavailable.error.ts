import { SessionStoreError, type StoreCallFailure } from './session-store.error.js';

/** Seconds a client should wait before retrying after the store was unavailable. */
export const SESSION_STORE_RETRY_AFTER_SECONDS = 1;

/**
 * The session store could not be read or written: DynamoDB is down, slow, throttling past the retries,
 * or refused the call for a reason that retrying may cure (a missing table, access denied). The one
 * error of a store outage, code `SESSION_STORE_UNAVAILABLE`, wherever it shows: from the repository
 * (`SessionRepository`, `DynamoSessionStore`), its message names the operation, the table, the AWS error
 * (`awsErrorName`) and, where it helps, the fix; from the session core (also for a `failOpen` stand-in
 * session that must be saved or decided on), its message is for clients, the repository's error its
 * `cause`. Transports answer it as "try again shortly": HTTP 503 with `Retry-After` (a
 * `ServiceUnavailableException` whose `cause` is this error), GraphQL and WebSocket errors with its code.
 */
export class SessionStoreUnavailableError extends SessionStoreError {
  override readonly name = 'SessionStoreUnavailableError';
  readonly code = 'SESSION_STORE_UNAVAILABLE';
  /** Seconds a client should wait before retrying. */
  readonly retryAfterSeconds = SESSION_STORE_RETRY_AFTER_SECONDS;

  constructor(failure?: StoreCallFailure | { cause?: unknown }) {
    super('The session store is unavailable; try again shortly.', failure);
  }
}
