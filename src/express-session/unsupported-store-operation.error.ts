import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * {@link DynamoSessionStore} does not do this express-session Store operation: it would need a full
 * table scan (and `all()` would hand out sessions by id, which the table does not hold: only their
 * SHA-256). The message says what to use instead.
 */
export class UnsupportedStoreOperationError extends DynamoSessionError {
  override readonly name = 'UnsupportedStoreOperationError';
  readonly code = 'UNSUPPORTED_STORE_OPERATION';

  constructor(
    /** `length` or `all`. */
    readonly operation: string,
    instead: string,
  ) {
    super(
      `DynamoSessionStore does not support ${operation}(): it would scan the whole table, and the table holds only hashed session ids. ${instead}`,
    );
  }
}
