import {
  ConflictException,
  InternalServerErrorException,
  PayloadTooLargeException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { SESSION_STORE_RETRY_AFTER_SECONDS } from '../repository/session-store-unavailable.error.js';
import { sessionFailureCode } from '../session/session-failure.js';
import { setHeader } from './http-exchange.js';

/**
 * The HTTP error a request answers with for a failure of the session core: 503 (with `Retry-After`,
 * see {@link httpSessionFailure}) when the store is unavailable, 500 when it rejected the session, 409
 * for a session that ended while the request ran or a login past `maxSessionsPerUser` (code
 * `SESSION_LIMIT` in the body), 413 for a session over `maxSessionSize`. The library's
 * error is the `cause` of the HTTP exception (an exception filter finds its `code` there). Anything else
 * is passed on as it is.
 */
export function httpSessionError(error: unknown): unknown {
  const message = (error as Error).message;
  switch (sessionFailureCode(error)) {
    case 'SESSION_STORE_UNAVAILABLE':
      return new ServiceUnavailableException(message, { cause: error });
    case 'SESSION_STORE_REJECTED':
      return new InternalServerErrorException(message, { cause: error });
    case 'SESSION_CONFLICT':
      return new ConflictException(message, { cause: error });
    case 'SESSION_LIMIT':
      // The code in the body (`{ statusCode, error, code, message }`): the client can offer to end a session.
      return new ConflictException(
        { statusCode: 409, error: 'Conflict', code: 'SESSION_LIMIT', message },
        { cause: error },
      );
    case 'SESSION_TOO_LARGE':
      return new PayloadTooLargeException(message, { cause: error });
    default:
      return error;
  }
}

/** {@link httpSessionError}, adding `Retry-After` to `response` when the store is unavailable. */
export function httpSessionFailure(response: object, error: unknown): unknown {
  if (sessionFailureCode(error) === 'SESSION_STORE_UNAVAILABLE') {
    setHeader(response, 'Retry-After', String(SESSION_STORE_RETRY_AFTER_SECONDS));
  }
  return httpSessionError(error);
}
