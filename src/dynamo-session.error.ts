/**
 * The stable codes of the library's errors ({@link DynamoSessionError.code}): compare these, not
 * messages or class names, which may change.
 *
 * - `SESSION_STORE_UNAVAILABLE`: DynamoDB is down, slow, throttling past the retries, or refused the
 *   call for a reason retrying may cure (missing table, access denied). HTTP 503 with `Retry-After`.
 * - `SESSION_STORE_REJECTED`: DynamoDB rejected the request itself (`ValidationException`): a bug or
 *   bad data; retrying will not help. HTTP 500.
 * - `SESSION_CONFLICT`: the session ended or changed while the unit of work ran; nothing was saved. HTTP 409.
 * - `SESSION_TOO_LARGE`: the session would exceed `maxSessionSize`; nothing was written. HTTP 413.
 * - `SESSION_LIMIT`: a login would pass `maxSessionsPerUser` with `onLimit: 'refuse'`; nothing was
 *   written. HTTP 409.
 * - `SESSION_NOT_STORED`: a unit of work that cannot set a cookie (a WebSocket message) would have
 *   started or regenerated a session; nothing was stored.
 * - `SESSION_READ_ONLY`: a write to a read-only session (a GraphQL subscription's).
 * - `SESSION_DATA_INVALID`: a value put in the session cannot be stored (a cycle, a `BigInt`, ...).
 * - `SESSION_INTEGRITY_FAILED`: a stored value did not decode (tampered with, or its key is gone); the
 *   session is treated as absent.
 * - `INVALID_SESSION_CURSOR`: a `listByUser` cursor that was not handed out for that user.
 * - `INVALID_SESSION_OPTIONS`: the module's options are invalid; the app does not start.
 * - `UNSUPPORTED_STORE_OPERATION`: an express-session Store operation `DynamoSessionStore` does not do.
 * - `SESSION_TABLE_FAILED`: a table tool (`createSessionTable`, `checkSessionTable`,
 *   `deleteSessionTable`, the CLI) failed; `kind` says how.
 * - `CLI_USAGE`: the command line of the CLI is wrong.
 */
export type DynamoSessionErrorCode =
  | 'SESSION_STORE_UNAVAILABLE'
  | 'SESSION_STORE_REJECTED'
  | 'SESSION_CONFLICT'
  | 'SESSION_TOO_LARGE'
  | 'SESSION_LIMIT'
  | 'SESSION_NOT_STORED'
  | 'SESSION_READ_ONLY'
  | 'SESSION_DATA_INVALID'
  | 'SESSION_INTEGRITY_FAILED'
  | 'INVALID_SESSION_CURSOR'
  | 'INVALID_SESSION_OPTIONS'
  | 'UNSUPPORTED_STORE_OPERATION'
  | 'SESSION_TABLE_FAILED'
  | 'CLI_USAGE';

/**
 * The base of every error nestjs-dynamodb-session throws: `error instanceof DynamoSessionError` tells
 * the library's errors from others, and {@link DynamoSessionError.code} which one it is.
 */
export abstract class DynamoSessionError extends Error {
  /** What went wrong, as a stable string (see {@link DynamoSessionErrorCode}). */
  abstract readonly code: DynamoSessionErrorCode;
}
