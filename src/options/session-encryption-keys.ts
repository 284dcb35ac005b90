import type { SessionEncryptionKey } from './dynamo-session.options.js';

/** An encryption key ready for use: its id and its 32 bytes. */
export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

/** AES-256 takes 32-byte keys. */
export const ENCRYPTION_KEY_BYTES = 32;
/** Key ids: short, printable, and never holding the separators the stored form and the env use. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The bytes of `key` (a Buffer, a Uint8Array or base64 text), or undefined when it is none of them. */
function keyBytes(key: unknown): Buffer | undefined {
  if (key instanceof Uint8Array) return Buffer.from(key);
  if (typeof key !== 'string' || !BASE64.test(key.trim())) return undefined;
  return Buffer.from(key.trim(), key.includes('-') || key.includes('_') ? 'base64url' : 'base64');
}

/**
 * Checks the encryption keys given as `path` (the option or the key provider's result) and turns
 * them into bytes. Every problem is named by the key's position and id, never by its value.
 */
export function resolveEncryptionKeys(
  given: unknown,
  path: string,
): { keys: EncryptionKey[]; problems: string[] } {
  if (!Array.isArray(given) || given.length === 0) {
    return {
      keys: [],
      problems: [
        `${path}: must be a non-empty list of { id, key } (env SESSION_ENCRYPTION_KEYS: comma-separated id:base64 of 32-byte keys, e.g. made with \`openssl rand -base64 32\`)`,
      ],
    };
  }
  const keys: EncryptionKey[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of (given as unknown[]).entries()) {
    const { id, key } = (typeof entry === 'object' && entry !== null ? entry : {}) as Partial<
      Record<keyof SessionEncryptionKey, unknown>
    >;
    const where = `${path}[${index}]`;
    if (typeof id !== 'string' || !KEY_ID.test(id)) {
      problems.push(
        `${where}.id: must be 1 to 32 letters, digits, "_" or "-" (got ${typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : String(id)})`,
      );
      continue;
    }
    if (seen.has(id)) problems.push(`${where}.id: "${id}" is used by two keys`);
    seen.add(id);
    const bytes = keyBytes(key);
    if (bytes?.length !== ENCRYPTION_KEY_BYTES) {
      // Never echo a key back into logs: only its length.
      const got = bytes === undefined ? 'not bytes or base64' : `${bytes.length} bytes`;
      problems.push(
        `${where}.key (id "${id}"): must be ${ENCRYPTION_KEY_BYTES} random bytes, or their base64 (got ${got}); make one with \`openssl rand -base64 32\``,
      );
      continue;
    }
    keys.push({ id, key: bytes });
  }
  return { keys, problems };
}
