import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { dynamoItemSize, dynamoValueSize, dynamoValueSizeBound } from './dynamo-item-size.js';
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
  const item = new SessionItem(options, codec.seal).toItem(
    key,
    codec.encodeAll(key, data),
    times,
    details,
  );
  checkSize(dynamoItemSize(item), options.maxSessionSize);
  return item;
}

/**
 * For an update: the coded values of `changes.data` it writes (those in `changes.set`, or all of them
 * when `whole`), after the same check as {@link sizedSessionItem} of the item with all of
 * `changes.data`. A value it does not write is counted at its size in `changes.valueSizes` when given
 * there, and coded only to be counted otherwise: the same size either way, as the codec gives a value
 * the size it was stored with (see `SessionValueCodec.decodeSized`). A value stored as it is, whose
 * JSON is in `changes.json`, is first counted at its bound (see {@link dynamoValueSizeBound}) and walked
 * only if the bounds together pass the limit: far below it, as most sessions are, no value is walked.
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
  const { data, set, valueSizes, json } = changes;
  const coded: [string, unknown][] = [];
  const bounded: [name: string, bound: number][] = [];
  // The item without its values (their map counts 3 bytes), then each value with its name. Its seals
  // are counted at their length: the update computes the ones it writes.
  let size = dynamoItemSize(
    new SessionItem(options, codec.seal?.sizing).toItem(key, {}, times, {
      ...details,
      userId: changes.userId ?? details.userId,
    }),
  );
  for (const name of Object.keys(data)) {
    const writes = whole || Object.hasOwn(set, name);
    const known =
      writes || valueSizes === undefined || !Object.hasOwn(valueSizes, name)
        ? undefined
        : valueSizes[name];
    const jsonLength = json?.get(name)?.length;
    let valueSize: number;
    if (typeof known === 'number') {
      valueSize = known;
    } else if (jsonLength !== undefined && codec.storesAsIs(jsonLength)) {
      valueSize = dynamoValueSizeBound(jsonLength);
      bounded.push([name, valueSize]);
      if (writes) coded.push([name, data[name]]);
    } else {
      const value = codec.encode(key, name, data[name]);
      valueSize = dynamoValueSize(value);
      if (writes) coded.push([name, value]);
    }
    size += 1 + Buffer.byteLength(name) + valueSize;
  }
  if (size > options.maxSessionSize) {
    for (const [name, bound] of bounded) size += dynamoValueSize(data[name]) - bound;
  }
  checkSize(size, options.maxSessionSize);
  return Object.fromEntries(coded);
}

function checkSize(size: number, limit: number): void {
  if (size > limit) throw new SessionTooLargeError(size, limit);
}
