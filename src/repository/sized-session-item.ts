import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { dynamoItemSize, dynamoValueSize } from './dynamo-item-size.js';
import { SessionItem, type Item } from './session-item.js';
import type { SessionChanges, SessionDetails, SessionTimes } from './session-repository.js';
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
  checkSize(dynamoItemSize(item), options.maxSessionSize);
  return item;
}

/**
 * For an update: the coded values of `changes.data` it writes (those in `changes.set`, or all of them
 * when `whole`), after the same check as {@link sizedSessionItem} of the item with all of
 * `changes.data`. A value it does not write is counted at its size in `changes.valueSizes` when given
 * there, and coded only to be counted otherwise: the same size either way, as the codec gives a value
 * the size it was stored with (see `SessionValueCodec.decodeSized`).
 */
export function sizedSessionUpdate(
  options: ResolvedSessionOptions,
  codec: SessionValueCodec,
  key: string,
  changes: SessionChanges,
  times: SessionTimes,
  details: SessionDetails = {},
  whole = false,
): Item {
  const { data, set, valueSizes } = changes;
  const coded: [string, unknown][] = [];
  // The item without its values (their map counts 3 bytes), then each value with its name.
  let size = dynamoItemSize(new SessionItem(options).toItem(key, {}, times, details));
  for (const name of Object.keys(data)) {
    const known =
      whole ||
      valueSizes === undefined ||
      Object.hasOwn(set, name) ||
      !Object.hasOwn(valueSizes, name)
        ? undefined
        : valueSizes[name];
    let valueSize: number;
    if (typeof known === 'number') {
      valueSize = known;
    } else {
      const value = codec.encode(key, name, data[name]);
      valueSize = dynamoValueSize(value);
      if (whole || Object.hasOwn(set, name)) coded.push([name, value]);
    }
    size += 1 + Buffer.byteLength(name) + valueSize;
  }
  checkSize(size, options.maxSessionSize);
  return Object.fromEntries(coded);
}

function checkSize(size: number, limit: number): void {
  if (size > limit) throw new SessionTooLargeError(size, limit);
}
