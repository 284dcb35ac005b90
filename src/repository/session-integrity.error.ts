import { DynamoSessionError } from '../dynamo-session.error.js';

/**
 * A stored session failed a check of its integrity. A value did not decode: its ciphertext failed to
 * authenticate (tampered with, moved from another session, or encrypted with a key that is no longer
 * configured), it was stored in plain text while encryption is on, or it is not a form this library
 * writes. Or the item itself: its seal did not verify (its identity or times changed outside the
 * library), it has none (`unsealedItems`), or its data is not a map. The session is treated as
 * absent. The message names the table key's prefix, the value's top-level key (for a value) and the
 * key id, never the data.
 */
export class SessionIntegrityError extends DynamoSessionError {
  override readonly name = 'SessionIntegrityError';
  readonly code = 'SESSION_INTEGRITY_FAILED';

  constructor(
    /** The first characters of the session's table key (the SHA-256 of its id): enough to find the item. */
    readonly keyPrefix: string,
    /** The top-level key of the value that failed; undefined when the item itself failed. */
    readonly valueKey: string | undefined,
    /** The id of the key (encryption, or seal) the value or item names, when it names one. */
    readonly keyId: string | undefined,
    reason: string,
    /**
     * The item is sealed with a key this instance does not have (not configured here: a secret rotated
     * in on other instances first, or removed): no sign of tampering, so its cookie is kept.
     */
    readonly sealKeyMissing = false,
  ) {
    const keyName = keyId === undefined ? '' : `key id "${keyId}"`;
    const what =
      valueKey === undefined
        ? `an item${keyId === undefined ? '' : ` (seal ${keyName})`}`
        : `a value (key ${JSON.stringify(valueKey.slice(0, 64))}${keyId === undefined ? '' : `, encryption ${keyName}`})`;
    super(
      `The stored session ${keyPrefix}... has ${what} that ${reason}; the session is treated as absent.`,
    );
  }
}
