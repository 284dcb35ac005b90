import { DynamoSessionError } from '../dynamo-session.error.js';

/** A session would exceed the size limit (`maxSessionSize`); nothing was written. */
export class SessionTooLargeError extends DynamoSessionError {
  override readonly name = 'SessionTooLargeError';
  readonly code = 'SESSION_TOO_LARGE';

  constructor(
    /** The item's size as DynamoDB counts it, in bytes. */
    readonly size: number,
    /** The limit, in bytes. */
    readonly limit: number,
  ) {
    super(
      `The session would be ${size} bytes, above the limit of ${limit} bytes (maxSessionSize); it was not saved.`,
    );
  }
}
