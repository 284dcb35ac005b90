import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * A stored session value did not decode: its ciphertext failed to authenticate (tampered with,
 * moved from another session, or encrypted with a key that is no longer configured), it was stored
 * in plain text while encryption is on, or it is not a form this library writes. The session is
 * treated as absent. The message names the table key's prefix, the value's top-level key and the
 * key id, never the data.
 */
export class SessionIntegrityError extends DynamoSessionError {
  override readonly name = 'SessionIntegrityError';
  readonly code = 'SESSION_INTEGRITY_FAILED';

  constructor(
    /** The first characters of the session's table key (the SHA-256 of its id): enough to find the item. */
    readonly keyPrefix: string,
    /** The top-level key of the value that failed. */
    readonly valueKey: string,
    /** The id of the encryption key the value names, when it names one. */
    readonly keyId: string | undefined,
    reason: string,
  ) {
    super(
      `The stored session ${keyPrefix}... has a value (key ${JSON.stringify(valueKey.slice(0, 64))}${keyId === undefined ? '' : `, encryption key id "${keyId}"`}) that ${reason}; the session is treated as absent.`,
    );
  }
}
