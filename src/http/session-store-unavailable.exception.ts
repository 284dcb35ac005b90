import { ServiceUnavailableException } from '@nestjs/common';
import { SESSION_STORE_RETRY_AFTER_SECONDS } from '../session/session-store-unavailable.error.js';

/**
 * 503 for a request whose session could not be read or written (the HTTP form of the core's
 * `SessionStoreUnavailableError`); sent with `Retry-After`.
 */
export class SessionStoreUnavailableException extends ServiceUnavailableException {
  /** Seconds a client should wait before retrying (the `Retry-After` header). */
  readonly retryAfterSeconds = SESSION_STORE_RETRY_AFTER_SECONDS;

  constructor() {
    super('The session store is unavailable; try again shortly.');
  }
}
