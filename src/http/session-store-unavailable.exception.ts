import { ServiceUnavailableException } from '@nestjs/common';
import { setHeader } from './http-exchange.js';

/** 503 for a request whose session could not be read or written; sent with `Retry-After`. */
export class SessionStoreUnavailableException extends ServiceUnavailableException {
  /** Seconds a client should wait before retrying (the `Retry-After` header). */
  readonly retryAfterSeconds = 1;

  constructor() {
    super('The session store is unavailable; try again shortly.');
  }
}

/** Adds `Retry-After` to the response when `error` is a {@link SessionStoreUnavailableException}. */
export function addRetryAfter(response: object, error: unknown): void {
  if (error instanceof SessionStoreUnavailableException) {
    setHeader(response, 'Retry-After', String(error.retryAfterSeconds));
  }
}
