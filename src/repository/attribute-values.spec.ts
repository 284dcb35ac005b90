import { seededRandom } from './seeded-random.fixture.js';
import { convertToAttr, convertToNative } from '@aws-sdk/util-dynamodb';
import {
  fromAttributeValue,
  fromAttributes,
  toAttributeValue,
  toAttributes,
} from './attribute-values.js';

/** Random session values, from a seed so that a failure can be replayed. */
function generator(seed: number) {
  const { next, int, pick } = seededRandom(seed);
  const value = (depth: number): unknown => {
    switch (int(depth > 3 ? 7 : 10)) {
      case 0:
        return pick(['', 'a', 'é€😀', '"\\', 'x'.repeat(100)]);
      case 1:
        return pick([0, -0, 1, -42, 0.1 + 0.2, 1e-7, 1776383800123, Number.MAX_SAFE_INTEGER]);
      case 2:
        return next() < 0.5;
      case 3:
        return null;
      case 4:
        return Uint8Array.from([int(256), int(256), 2]);
      case 5:
        return pick([new Set(['a', 'b']), new Set([1, 2.5]), new Set([Uint8Array.of(1)])]);
      case 6:
        return pick([undefined, () => 1]);
      case 7:
        return Array.from({ length: int(5) }, () => value(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: int(5) }, (_, i) => [
            pick(['k', 'é', '', 'a b']) + i,
            value(depth + 1),
          ]),
        );
    }
  };
  return { value };
}

const documentClientOptions = { removeUndefinedValues: true };

describe('attribute values: the conversion the document client makes', () => {
  it('writes every value as util-dynamodb does with removeUndefinedValues', () => {
    const random = generator(5);
    for (let i = 0; i < 3000; i += 1) {
      const value = random.value(0);
      if (value === undefined || typeof value === 'function') continue;
      expect(toAttributeValue(value)).toEqual(convertToAttr(value, documentClientOptions));
    }
  });

  it('reads every value as util-dynamodb does, and reads back what it wrote', () => {
    const random = generator(9);
    for (let i = 0; i < 3000; i += 1) {
      const value = random.value(0);
      if (value === undefined || typeof value === 'function') continue;
      const stored = convertToAttr(value, documentClientOptions);
      expect(fromAttributeValue(stored)).toEqual(convertToNative(stored));
      expect(fromAttributeValue(toAttributeValue(value))).toEqual(convertToNative(stored));
    }
  });

  it('reads a number beyond the safe integers as a BigInt, as the document client does', () => {
    expect(fromAttributeValue({ N: '12345678901234567890' })).toBe(12345678901234567890n);
    expect(convertToNative({ N: '12345678901234567890' })).toBe(12345678901234567890n);
    expect(() => fromAttributeValue({ N: '1.5e300' })).toThrow(/cannot hold exactly/);
  });

  it('refuses what DynamoDB cannot hold, naming it', () => {
    expect(() => toAttributeValue(Number.NaN)).toThrow(/cannot store the number NaN/);
    expect(() => toAttributeValue(2 ** 60)).toThrow(/MAX_SAFE_INTEGER/);
    expect(() => toAttributeValue(new Date(0))).toThrow(/A Date cannot be stored/);
    expect(() => toAttributeValue(new Set())).toThrow(/non-empty sets/);
    expect(() => toAttributeValue(undefined)).toThrow(/type undefined/);
  });

  it('converts an item both ways, leaving out undefined attributes', () => {
    const item = {
      id: 'k',
      expires: 1_776_387_501,
      data: { cart: [1, 'a'], flag: true },
      gone: undefined,
    };
    const attributes = toAttributes(item);
    expect(attributes).toEqual({
      id: { S: 'k' },
      expires: { N: '1776387501' },
      data: { M: { cart: { L: [{ N: '1' }, { S: 'a' }] }, flag: { BOOL: true } } },
    });
    expect(fromAttributes(attributes)).toEqual({
      id: 'k',
      expires: 1_776_387_501,
      data: { cart: [1, 'a'], flag: true },
    });
  });
});
