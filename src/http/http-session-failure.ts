import {
  ConflictException,
  InternalServerErrorException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { SessionTooLargeError } from '../repository/session-too-large.error.js';
import { SessionConflictError } from '../session/session-conflict.error.js';
import { SessionStoreRejectedError } from '../session/session-store-rejected.error.js';
import { SessionStoreUnavailableError } from '../session/session-store-unavailable.error.js';
import { setHeader } from './http-exchange.js';
import { SessionStoreUnavailableException } from './session-store-unavailable.exception.js';

/**
 * The HTTP error a request answers with for a failure of the session core: 503 with `Retry-After` when
 * the store is unavailable, 500 when it rejected the session, 409 for a session that ended while the
 * request ran, 413 for a session over `maxSessionSize`. Anything else is passed on as it is.
 */
export function httpSessionError(error: unknown): unknown {
  if (error instanceof SessionStoreUnavailableError) return new SessionStoreUnavailableException();
  if (error instanceof SessionStoreRejectedError) {
    return new InternalServerErrorException(error.message);
  }
  if (error instanceof SessionConflictError) return new ConflictException(error.message);
  if (error instanceof SessionTooLargeError) return new PayloadTooLargeException(error.message);
  return error;
}

/** {@link httpSessionError}, adding `Retry-After` to `response` when the store is unavailable. */
export function httpSessionFailure(response: object, error: unknown): unknown {
  const mapped = httpSessionError(error);
  if (mapped instanceof SessionStoreUnavailableException) {
    setHeader(response, 'Retry-After', String(mapped.retryAfterSeconds));
  }
  return mapped;
}
