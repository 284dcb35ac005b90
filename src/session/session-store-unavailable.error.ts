/** Seconds a client should wait before retrying after the store was unavailable. */
export const SESSION_STORE_RETRY_AFTER_SECONDS = 1;

/**
 * The session could not be read or written because the store is down, slow or throttling (or was
 * down when a `failOpen` session was loaded). Transports answer it as "try again shortly": HTTP 503
 * with `Retry-After`.
 */
export class SessionStoreUnavailableError extends Error {
  override readonly name = 'SessionStoreUnavailableError';
  /** Seconds a client should wait before retrying. */
  readonly retryAfterSeconds = SESSION_STORE_RETRY_AFTER_SECONDS;

  constructor(options?: { cause?: unknown }) {
    super('The session store is unavailable; try again shortly.', options);
  }
}
