import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { dynamoItemSize } from './dynamo-item-size.js';
import { SessionItem, type Item } from './session-item.js';
import type { SessionDetails, SessionTimes } from './session-repository.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import type { SessionValueCodec } from './session-value-codec.js';

/**
 * The item of a session as stored (each value through the codec), checked against `maxSessionSize`
 * as DynamoDB counts its size: throws {@link SessionTooLargeError} above it, before anything is
 * written. Every repository builds its items here, so each fails at the same sizes.
 */
export function sizedSessionItem(
  options: ResolvedSessionOptions,
  codec: SessionValueCodec,
  key: string,
  data: Readonly<Record<string, unknown>>,
  times: SessionTimes,
  details: SessionDetails = {},
): Item {
  const item = new SessionItem(options).toItem(key, codec.encodeAll(key, data), times, details);
  const size = dynamoItemSize(item);
  if (size > options.maxSessionSize) throw new SessionTooLargeError(size, options.maxSessionSize);
  return item;
}
