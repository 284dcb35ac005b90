import { randomBytes } from 'node:crypto';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionEncryption } from './session-encryption.js';
import type { SessionChanges, SessionTimes } from './session-repository.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import { SessionValueCodec } from './session-value-codec.js';
import { dynamoValueSize, dynamoValueSizeBound } from './dynamo-item-size.js';
import { seededRandom } from './seeded-random.fixture.js';
import { sizedSessionItem, sizedSessionUpdate } from './sized-session-item.js';

type Data = Record<string, unknown>;

const KEY = 'k'.repeat(43);
const TIMES: SessionTimes = {
  createdAt: 1_776_383_800_123,
  touchedAt: 1_776_383_900_456,
  expiresAt: 1_776_387_500_789,
};
const DETAILS = { userId: 'user-ü-42', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };
const optionsWith = (maxSessionSize: number) =>
  ({
    keyAttribute: 'id',
    expiresAttribute: 'expires',
    dataAttribute: 'data',
    maxSessionSize,
  }) as ResolvedSessionOptions;

const keyA = { id: 'a', key: randomBytes(32) };
const keyLonger = { id: 'rotated-2031', key: randomBytes(32) };
const codecs: Record<string, () => SessionValueCodec> = {
  plain: () => new SessionValueCodec(),
  compressed: () => new SessionValueCodec({ compressionThreshold: 64 }),
  'compressed at 1000': () => new SessionValueCodec({ compressionThreshold: 1000 }),
  encrypted: () => new SessionValueCodec({ encryption: new SessionEncryption([keyA]) }),
  'encrypted with a rotated key': () =>
    new SessionValueCodec({ encryption: new SessionEncryption([keyLonger, keyA]) }),
  'compressed and encrypted': () =>
    new SessionValueCodec({
      encryption: new SessionEncryption([keyA]),
      compressionThreshold: 64,
    }),
};

/** Random session values, from a seed so that a failure can be replayed. */
function generator(seed: number) {
  const { next, int, pick } = seededRandom(seed);
  const text = () =>
    Array.from({ length: int(40) }, () =>
      pick(['a', 'Z', '7', ' ', 'é', '€', '😀', '"', '\\']),
    ).join('');
  const value = (depth: number): unknown => {
    switch (int(depth > 2 ? 6 : 9)) {
      case 0:
        return text();
      case 1:
        return int(2_000_000) - 1_000_000;
      case 2:
        return int(1_000_000) / pick([100, 7, 1e6]);
      case 3:
        return next() < 0.5;
      case 4:
        return null;
      case 5:
        return pick([0, 1200000, 1e-7, 1776383800123, 0.1 + 0.2]);
      case 6:
        return Array.from({ length: int(6) }, () => value(depth + 1));
      case 7:
        return Object.fromEntries(
          Array.from({ length: int(6) }, (_, i) => [`${text()}${i}`, value(depth + 1)]),
        );
      default: {
        // A cart of product lines: compressible, as such data is.
        const lines = Array.from({ length: 5 + int(60) }, (_, i) => ({
          sku: `SKU-${1000 + int(50)}`,
          name: pick(['Blue mug', 'Tea, green (500 g)', 'Crème brûlée set']),
          quantity: 1 + int(5),
          price: int(10000) / 100,
          line: i,
        }));
        return { lines, currency: 'EUR' };
      }
    }
  };
  const data = (): Data =>
    JSON.parse(
      JSON.stringify(
        Object.fromEntries(
          Array.from({ length: 1 + int(8) }, (_, i) => [`k${i}${text()}`, value(0)]),
        ),
      ),
    ) as Data;
  return { next, int, pick, value, data };
}

/** The size the check counts, read from the error it throws at a limit of 0. */
function counted(check: () => unknown): number {
  try {
    check();
  } catch (error) {
    if (error instanceof SessionTooLargeError) return error.size;
    throw error;
  }
  throw new Error('no SessionTooLargeError at a limit of 0');
}

/** The coded values an update writes, under no size limit. */
const written = (codec: SessionValueCodec, changes: SessionChanges, whole = false) =>
  sizedSessionUpdate(optionsWith(Number.MAX_SAFE_INTEGER), codec, KEY, changes, TIMES, {}, whole);

/** The JSON of each value, as the session core hands it to an update. */
const jsonOf = (data: Data) =>
  new Map(Object.entries(data).map(([name, value]) => [name, JSON.stringify(value)]));

/** The changes a request makes to `data`: some keys set to new values, some added, some removed. */
function changesTo(data: Data, random: ReturnType<typeof generator>) {
  const after: Data = { ...data };
  const set: Data = {};
  const remove: string[] = [];
  for (const name of Object.keys(data)) {
    const roll = random.next();
    if (roll < 0.25) set[name] = random.value(0);
    else if (roll < 0.35) remove.push(name);
  }
  for (let i = random.int(3); i > 0; i -= 1) set[`new${i}`] = random.value(0);
  for (const name of remove) delete after[name];
  Object.assign(after, JSON.parse(JSON.stringify(set)) as Data);
  return { set: JSON.parse(JSON.stringify(set)) as Data, remove, data: after };
}

describe('sizedSessionUpdate: the stored sizes of unchanged values, against a full encode', () => {
  // Every pair of codecs where the reader reads what the writer stored: a change of threshold, of
  // compression, of the current key (values sealed with another one), or none.
  const keysOf = (name: string) =>
    !name.includes('encrypted') ? [] : name.includes('rotated') ? ['rotated-2031', 'a'] : ['a'];
  const cases = Object.keys(codecs).flatMap((writer) =>
    Object.keys(codecs)
      .filter((reader) => {
        const [sealedWith] = keysOf(writer);
        const opens = keysOf(reader);
        return sealedWith === undefined ? opens.length === 0 : opens.includes(sealedWith);
      })
      .map((reader) => [writer, reader] as const),
  );

  it.each(cases)(
    'written with the %s codec, updated with the %s codec: the same size, the same refusals',
    (writer, reader) => {
      const random = generator(writer.length * 31 + reader.length);
      const writing = codecs[writer]!();
      const reading = codecs[reader]!();
      let reused = 0;
      for (let round = 0; round < 30; round += 1) {
        const stored = writing.encodeAll(KEY, random.data());
        const { data, sizes } = reading.decodeSized(KEY, stored);
        reused += Object.keys(sizes).length;
        const changes: SessionChanges = { ...changesTo(data, random), valueSizes: sizes };
        const full = counted(() =>
          sizedSessionItem(optionsWith(0), reading, KEY, changes.data, TIMES, DETAILS),
        );
        const fast = counted(() =>
          sizedSessionUpdate(optionsWith(0), reading, KEY, changes, TIMES, DETAILS),
        );
        expect(fast).toBe(full);
        // At the limit it passes, one byte below it is refused, as a full encode is.
        expect(() =>
          sizedSessionUpdate(optionsWith(full), reading, KEY, changes, TIMES, DETAILS),
        ).not.toThrow();
        expect(() =>
          sizedSessionUpdate(optionsWith(full - 1), reading, KEY, changes, TIMES, DETAILS),
        ).toThrow(SessionTooLargeError);
        // With each value's JSON given (values counted by their bound until near the limit): the same.
        const withJson = { ...changes, json: jsonOf(changes.data) };
        expect(
          counted(() => sizedSessionUpdate(optionsWith(0), reading, KEY, withJson, TIMES, DETAILS)),
        ).toBe(full);
        expect(() =>
          sizedSessionUpdate(optionsWith(full), reading, KEY, withJson, TIMES, DETAILS),
        ).not.toThrow();
        expect(() =>
          sizedSessionUpdate(optionsWith(full - 1), reading, KEY, withJson, TIMES, DETAILS),
        ).toThrow(SessionTooLargeError);
        expect(reading.decodeAll(KEY, written(reading, withJson))).toEqual(changes.set);
      }
      // The same codec both ways, compressing or encrypting: the stored sizes were used.
      if (writer === reader && reader !== 'plain') expect(reused).toBeGreaterThan(0);
    },
  );

  it.each(Object.keys(codecs))(
    'with the %s codec, codes only the values it writes when every unchanged one has a stored size',
    (name) => {
      const random = generator(name.length);
      const codec = codecs[name]!();
      const encoded: string[] = [];
      const encode = codec.encode.bind(codec);
      codec.encode = (tableKey, key, value) => {
        encoded.push(key);
        return encode(tableKey, key, value);
      };
      for (let round = 0; round < 20; round += 1) {
        const { data, sizes } = codec.decodeSized(KEY, codec.encodeAll(KEY, random.data()));
        const changes = changesTo(data, random);
        encoded.length = 0;
        const coded = written(codec, { ...changes, valueSizes: sizes });
        const unchanged = Object.keys(changes.data).filter((key) => !(key in changes.set));
        // Only plain values (whose size is a walk, not a coding) have no stored size.
        const withoutSize = unchanged.filter((key) => !(key in sizes));
        expect(encoded.sort()).toEqual([...Object.keys(changes.set), ...withoutSize].sort());
        for (const key of withoutSize) expect(data[key]).not.toBeInstanceOf(Uint8Array);
        // What it writes is what a full encode writes for those keys.
        expect(Object.keys(coded).sort()).toEqual(Object.keys(changes.set).sort());
        expect(codec.decodeAll(KEY, coded)).toEqual(changes.set);
      }
    },
  );

  it('a binary value is given a stored size only when coding it again gives the same size', () => {
    const cart = generator(7).value(9);
    const sealedA = codecs.encrypted!().encodeAll(KEY, { cart, small: 'x' });
    // Read with the key rotated (a longer id): nothing is stored as a seal now would store it.
    expect(codecs['encrypted with a rotated key']!().decodeSized(KEY, sealedA).sizes).toEqual({});
    expect(codecs.encrypted!().decodeSized(KEY, sealedA).sizes).toEqual({
      cart: (sealedA.cart as Uint8Array).byteLength,
      small: (sealedA.small as Uint8Array).byteLength,
    });
    const compressed = codecs.compressed!().encodeAll(KEY, { cart });
    expect(codecs['compressed at 1000']!().decodeSized(KEY, compressed).sizes).toEqual(
      JSON.stringify(cart).length > 1000
        ? { cart: (compressed.cart as Uint8Array).byteLength }
        : {},
    );
    expect(codecs.plain!().decodeSized(KEY, compressed).sizes).toEqual({});
    expect(codecs.plain!().decodeSized(KEY, { cart }).sizes).toEqual({});
  });

  it('without stored sizes, or with the whole map to write, codes every value (a full encode)', () => {
    const random = generator(3);
    const codec = codecs['compressed and encrypted']!();
    const { data, sizes } = codec.decodeSized(KEY, codec.encodeAll(KEY, random.data()));
    const changes = changesTo(data, random);
    const full = counted(() => sizedSessionItem(optionsWith(0), codec, KEY, changes.data, TIMES));
    expect(counted(() => sizedSessionUpdate(optionsWith(0), codec, KEY, changes, TIMES))).toBe(
      full,
    );
    const whole = written(codec, { ...changes, valueSizes: sizes }, true);
    expect(codec.decodeAll(KEY, whole)).toEqual(changes.data);
  });
});

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
