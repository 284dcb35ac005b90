import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * A login was refused: the user already has `maxSessionsPerUser` live sessions and `onLimit` is
 * `'refuse'`. Nothing was written. HTTP answers 409 with code `SESSION_LIMIT`.
 */
export class SessionLimitError extends DynamoSessionError {
  override readonly name = 'SessionLimitError';
  readonly code = 'SESSION_LIMIT';

  constructor(
    /** The limit (`maxSessionsPerUser`). */
    readonly limit: number,
    message = `This user already has ${limit} sessions, the most allowed (maxSessionsPerUser); log out of one first.`,
  ) {
    super(message);
  }
}
