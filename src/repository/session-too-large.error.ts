import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * A session would exceed a size limit: as stored (`maxSessionSize`, bytes as DynamoDB counts them) or
 * once decoded (`maxDecodedSize`, characters of JSON); nothing was written.
 */
export class SessionTooLargeError extends DynamoSessionError {
  override readonly name = 'SessionTooLargeError';
  readonly code = 'SESSION_TOO_LARGE';

  constructor(
    /** The session's size as the limit counts it. */
    readonly size: number,
    /** The limit. */
    readonly limit: number,
    /** Which limit. */
    readonly option: 'maxSessionSize' | 'maxDecodedSize' = 'maxSessionSize',
  ) {
    super(
      option === 'maxSessionSize'
        ? `The session would be ${size} bytes, above the limit of ${limit} bytes (maxSessionSize); it was not saved.`
        : `The session's values would be ${size} characters of JSON, above the limit of ${limit} (maxDecodedSize); it was not saved.`,
    );
  }
}
