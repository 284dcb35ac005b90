import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * The session ended or changed (logged out, regenerated, expired, or written by another unit of work)
 * while this one ran, so its changes were not saved. HTTP answers 409; the client can try again.
 */
export class SessionConflictError extends DynamoSessionError {
  override readonly name = 'SessionConflictError';
  readonly code = 'SESSION_CONFLICT';
}
