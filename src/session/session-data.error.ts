import { DynamoSessionError } from '../dynamo-session.error.js';

/** A value put in the session cannot be stored. The message names the key (or the path inside it). */
export class SessionDataError extends DynamoSessionError {
  override readonly name = 'SessionDataError';
  readonly code = 'SESSION_DATA_INVALID';

  constructor(
    /** The key, or the path inside it (`cart[2].price`). */
    readonly key: string,
    reason: string,
  ) {
    super(
      `Session value "${key}" cannot be stored: ${reason}. Store JSON-like values (objects, arrays, strings, numbers, booleans, null).`,
    );
  }
}
