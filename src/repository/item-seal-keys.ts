import { createHmac, hkdfSync } from 'node:crypto';
import type { EncryptionKey } from '../options/session-encryption-keys.js';
import type { SealKey } from './item-seal.js';

/** Separates the seal's keys from every other use of the same secret or encryption key. */
const INFO = 'nestjs-dynamodb-session/item-seal-key/v1';
const KEY_BYTES = 32;
/** Characters of a secret's fingerprint: enough to tell secrets apart in a log, nothing about them. */
const FINGERPRINT_LENGTH = 10;

function derived(material: Buffer | string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), INFO, KEY_BYTES));
}

/**
 * The keys that seal and verify items (see `ItemSeal`), derived with HKDF-SHA256: from each encryption
 * key when encryption is on (id `encryption:<key id>`), then from each secret (id `secret:<fingerprint
 * of the derived key>`). The first seals, all verify: rotating secrets or encryption keys, or turning
 * encryption on, keeps existing items readable. None: items are not sealed.
 */
export function itemSealKeys(source: {
  readonly encryptionKeys?: readonly EncryptionKey[] | undefined;
  readonly secrets?: readonly string[] | undefined;
}): SealKey[] {
  const fromEncryption = (source.encryptionKeys ?? []).map(({ id, key }) => ({
    id: `encryption:${id}`,
    key: derived(key),
  }));
  const fromSecrets = (source.secrets ?? []).map((secret) => {
    const key = derived(secret);
    const fingerprint = createHmac('sha256', key)
      .update('key id')
      .digest('base64url')
      .slice(0, FINGERPRINT_LENGTH);
    return { id: `secret:${fingerprint}`, key };
  });
  return [...fromEncryption, ...fromSecrets];
}
