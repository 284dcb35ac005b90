import { randomBytes } from 'node:crypto';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionEncryption } from './session-encryption.js';
import type { SessionChanges, SessionTimes } from './session-repository.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import { SessionValueCodec } from './session-value-codec.js';
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

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
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
