import { InvalidSessionOptionsError } from '../options/invalid-session-options.error.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { resolveEncryptionKeys, type EncryptionKey } from '../options/session-encryption-keys.js';
import { ItemSeal } from './item-seal.js';
import { itemSealKeys } from './item-seal-keys.js';
import { SessionEncryption } from './session-encryption.js';
import { SessionValueCodec } from './session-value-codec.js';

function codecWith(
  options: ResolvedSessionOptions,
  keys: readonly EncryptionKey[] | undefined,
  secrets: readonly string[],
) {
  const sealKeys = itemSealKeys({ encryptionKeys: keys, secrets });
  return new SessionValueCodec({
    encryption: keys === undefined ? undefined : new SessionEncryption(keys),
    compressionThreshold: options.compression?.threshold,
    seal: sealKeys.length === 0 ? undefined : new ItemSeal(sealKeys),
  });
}

/**
 * The value codec of validated options, at boot: with `encryption.keyProvider`, the provider is
 * called once (e.g. to decrypt an envelope data key with AWS KMS) and its keys are validated like
 * `encryption.keys`.
 */
export async function createSessionValueCodec(
  options: ResolvedSessionOptions,
): Promise<SessionValueCodec> {
  const { encryption } = options;
  if (encryption?.keyProvider === undefined)
    return codecWith(options, encryption?.keys, options.secrets);
  const provided = await encryption.keyProvider();
  const { keys, problems } = resolveEncryptionKeys(provided, 'encryption.keyProvider()');
  if (problems.length > 0) throw new InvalidSessionOptionsError(problems);
  return codecWith(options, keys, options.secrets);
}

/**
 * The value codec of options with no key provider (a repository built without the module). Items are
 * sealed under keys derived from the encryption keys and `secrets` (none: the options' own).
 */
export function sessionValueCodecOf(
  options: ResolvedSessionOptions,
  secrets: readonly string[] = options.secrets,
): SessionValueCodec {
  if (options.encryption?.keyProvider !== undefined) {
    throw new TypeError(
      'encryption.keyProvider is called by DynamoSessionModule at boot: inject the SessionRepository the module builds instead of constructing one',
    );
  }
  return codecWith(options, options.encryption?.keys, secrets);
}
