import { DynamoSessionError } from '../dynamo-session.error.js';

/** A `cursor` passed to `listByUser` that it did not hand out for that user (forged, cut, or another user's). */
export class InvalidSessionCursorError extends DynamoSessionError {
  override readonly name = 'InvalidSessionCursorError';
  readonly code = 'INVALID_SESSION_CURSOR';

  constructor(reason: string) {
    super(
      `Invalid session list cursor: ${reason}. Pass the cursor of the previous page unchanged.`,
    );
  }
}
