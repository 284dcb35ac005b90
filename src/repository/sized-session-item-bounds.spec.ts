import type { SessionChanges } from './session-repository.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import { dynamoValueSize, dynamoValueSizeBound } from './dynamo-item-size.js';
import { sizedSessionItem, sizedSessionUpdate } from './sized-session-item.js';
import {
  KEY,
  TIMES,
  optionsWith,
  codecs,
  generator,
  counted,
} from './sized-session-item.fixture.js';

describe('sizedSessionUpdate: values counted by the bound of their JSON', () => {
  it('bounds the size of every JSON value: strings of any script, numbers, empty and nested containers', () => {
    const random = generator(11);
    const edges: unknown[] = [
      '',
      'é€😀',
      '\ud800',
      [],
      {},
      [1, 1, 1, 1],
      [[], [[]], {}],
      { '': 0 },
      { é: [0.1 + 0.2, 1e-7, -0, 1776383800123] },
      [true, false, null],
      1e21,
    ];
    const values = [...edges, ...Array.from({ length: 2000 }, () => random.value(0))];
    for (const value of values) {
      const stored = JSON.parse(JSON.stringify(value)) as unknown;
      expect(dynamoValueSize(stored)).toBeLessThanOrEqual(
        dynamoValueSizeBound(JSON.stringify(value).length),
      );
    }
  });

  /** A value whose walk is seen: each read of its `lines` is counted. */
  const watched = () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i }));
    const reads = { count: 0 };
    const cart = {
      get lines() {
        reads.count += 1;
        return lines;
      },
    };
    return { cart, json: JSON.stringify(cart), reads };
  };

  it('walks no value when the bounds stay under the limit, and walks them near it', () => {
    const codec = codecs.plain!();
    const { cart, json, reads } = watched();
    const changes: SessionChanges = {
      set: { note: 'x' },
      remove: [],
      data: { note: 'x', cart },
      json: new Map([
        ['note', '"x"'],
        ['cart', json],
      ]),
    };
    const exact = counted(() => sizedSessionItem(optionsWith(0), codec, KEY, changes.data, TIMES));
    reads.count = 0;
    expect(() =>
      sizedSessionUpdate(optionsWith(3 * exact + 1024), codec, KEY, changes, TIMES),
    ).not.toThrow();
    expect(reads.count).toBe(0);
    // Between the exact size and the bound: walked, and let through as a full count would.
    expect(() => sizedSessionUpdate(optionsWith(exact), codec, KEY, changes, TIMES)).not.toThrow();
    expect(reads.count).toBe(1);
    expect(() => sizedSessionUpdate(optionsWith(exact - 1), codec, KEY, changes, TIMES)).toThrow(
      SessionTooLargeError,
    );
  });

  it('codes a value instead when the codec would not store it as it is', () => {
    const { cart, json, reads } = watched();
    const changes: SessionChanges = {
      set: {},
      remove: [],
      data: { cart },
      json: new Map([['cart', json]]),
    };
    // Compressed above 64 bytes: counted as coded (a walk of its JSON), never by the bound.
    sizedSessionUpdate(optionsWith(1_000_000), codecs.compressed!(), KEY, changes, TIMES);
    expect(reads.count).toBeGreaterThan(0);
  });
});
