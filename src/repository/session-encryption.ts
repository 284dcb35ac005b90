import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../options/session-encryption-keys.js';

const ALGORITHM = 'aes-256-gcm';
/** GCM's standard nonce size: random per value (2^-32 collision odds only after 2^32 values per key). */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Versions the associated data, so that a later layout cannot be confused with this one. */
const AAD_LABEL = 'nestjs-dynamodb-session/v1';

/** Why a sealed value did not open. */
export class OpenFailure {
  constructor(
    readonly keyId: string | undefined,
    readonly reason: string,
  ) {}
}

/**
 * AES-256-GCM over one value. The sealed form is `[id length][key id][nonce][ciphertext][tag]`; the
 * key id and the value's context (its session's table key and top-level key) are associated data,
 * so a value moved to another session, another key or another key id does not authenticate.
 */
export class SessionEncryption {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: EncryptionKey;
  private readonly currentId: Buffer;

  /** `keys`: the first encrypts, all decrypt. */
  constructor(keys: readonly EncryptionKey[]) {
    const first = keys[0];
    if (first === undefined) throw new TypeError('SessionEncryption needs at least one key');
    this.current = first;
    this.currentId = Buffer.from(first.id);
    this.keys = new Map(keys.map((entry) => [entry.id, entry.key]));
  }

  /** Encrypts `plaintext` with the current key, bound to `context`. */
  seal(plaintext: Buffer, context: string): Buffer {
    const id = this.currentId;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.current.key, nonce);
    cipher.setAAD(associatedData(this.current.id, context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.of(id.length), id, nonce, body, cipher.getAuthTag()]);
  }

  /** Whether `sealed` (a {@link seal} result) names the current key: a seal now gives it this key id. */
  sealedWithCurrentKey(sealed: Uint8Array): boolean {
    const idLength = sealed[0] ?? 0;
    return (
      idLength === this.currentId.length && this.currentId.equals(sealed.subarray(1, 1 + idLength))
    );
  }

  /** The plaintext of a value {@link seal} made for `context`, or why it does not open. */
  open(sealed: Uint8Array, context: string): Buffer | OpenFailure {
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const idLength = bytes[0] ?? 0;
    const nonceStart = 1 + idLength;
    const bodyStart = nonceStart + NONCE_BYTES;
    if (idLength === 0 || bytes.length < bodyStart + TAG_BYTES) {
      return new OpenFailure(undefined, 'is not a well-formed ciphertext');
    }
    const id = bytes.subarray(1, nonceStart).toString();
    const key = this.keys.get(id);
    if (key === undefined) {
      return new OpenFailure(id, 'was encrypted with a key that is not configured (removed?)');
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(nonceStart, bodyStart), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(associatedData(id, context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const body = bytes.subarray(bodyStart, bytes.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      return new OpenFailure(
        id,
        'failed to authenticate (tampered with, or moved from another session)',
      );
    }
  }
}

function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${AAD_LABEL}\0${keyId}\0${context}`);
}
