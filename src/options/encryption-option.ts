import type { SessionEncryptionKey, SessionEncryptionOptions } from './dynamo-session.options.js';
import { commaSeparated } from './environment-variables.js';
import type { OptionDefinition, Resolution } from './option-definition.js';
import { resolveEncryptionKeys, type EncryptionKey } from './session-encryption-keys.js';

/** `encryption` after validation: the keys (first encrypts), or the provider that gives them at boot. */
export interface ResolvedEncryption {
  readonly keys: readonly EncryptionKey[];
  readonly keyProvider?: SessionEncryptionOptions['keyProvider'];
}

const KNOWN = ['keys', 'keyProvider'];
const keyList = commaSeparated('SESSION_ENCRYPTION_KEYS');

/** `SESSION_ENCRYPTION_KEYS`: comma-separated `id:base64`; validation names a malformed entry. */
function keysFromEnv(value: string): SessionEncryptionOptions {
  const entries = keyList.read(value) as string[];
  const keys = entries.map((entry): SessionEncryptionKey => {
    const colon = entry.indexOf(':');
    return colon < 0
      ? { id: entry, key: '' }
      : { id: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
  });
  return { keys };
}

/** `encryption` checked: either `keys` (turned into bytes) or a `keyProvider` called at boot. */
function resolveEncryption(given: unknown): Resolution<ResolvedEncryption | undefined> {
  if (given === undefined) return { value: undefined, problems: [] };
  if (typeof given !== 'object' || given === null) {
    return {
      value: undefined,
      problems: ['encryption: must be an object { keys } or { keyProvider }'],
    };
  }
  const problems = Object.keys(given)
    .filter((key) => !KNOWN.includes(key))
    .map((key) => `encryption.${key}: is not an option (allowed: ${KNOWN.join(', ')})`);
  const { keys, keyProvider } = given as SessionEncryptionOptions;
  if (keyProvider !== undefined) {
    if (typeof keyProvider !== 'function')
      problems.push('encryption.keyProvider: must be a function returning the keys');
    if (keys !== undefined) problems.push('encryption: give keys or keyProvider, not both');
    return { value: { keys: [], keyProvider }, problems };
  }
  const resolved = resolveEncryptionKeys(keys, 'encryption.keys');
  return { value: { keys: resolved.keys }, problems: [...problems, ...resolved.problems] };
}

/** The `encryption` option: off unless given; its keys are checked here, a provider's at boot. */
export const ENCRYPTION_OPTION: OptionDefinition<ResolvedEncryption | undefined> = {
  default: undefined,
  documentedDefault: 'off',
  env: { name: keyList.name, read: keysFromEnv },
  resolve: resolveEncryption,
};
