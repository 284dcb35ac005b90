import { ItemSeal } from './item-seal.js';
import { itemSealKeys } from './item-seal-keys.js';
import type { SessionChanges } from './session-repository.js';
import { SessionValueCodec } from './session-value-codec.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import { sizedSessionItem, sizedSessionUpdate } from './sized-session-item.js';
import {
  KEY,
  TIMES,
  DETAILS,
  optionsWith,
  codecs,
  generator,
  counted,
  written,
  jsonOf,
  changesTo,
} from './sized-session-item.fixture.js';

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

  it('counts the seals of a sealed item at their length, as the item written holds them', () => {
    const seal = new ItemSeal(
      itemSealKeys({ secrets: ['a-secret-of-at-least-thirty-two-characters'] }),
    );
    const codec = new SessionValueCodec({ seal });
    const random = generator(5);
    const { data } = codec.decodeSized(KEY, codec.encodeAll(KEY, random.data()));
    const changes = changesTo(data, random);
    const full = counted(() =>
      sizedSessionItem(optionsWith(0), codec, KEY, changes.data, TIMES, DETAILS),
    );
    expect(full).toBe(
      counted(() =>
        sizedSessionItem(
          optionsWith(0),
          new SessionValueCodec(),
          KEY,
          changes.data,
          TIMES,
          DETAILS,
        ),
      ) +
        // The attributes seal and endSeal, each holding a seal.
        2 * seal.seal(KEY, { userId: undefined, createdAt: 0 }).length +
        'seal'.length +
        'endSeal'.length,
    );
    expect(
      counted(() => sizedSessionUpdate(optionsWith(0), codec, KEY, changes, TIMES, DETAILS)),
    ).toBe(full);
    expect(() =>
      sizedSessionUpdate(optionsWith(full - 1), codec, KEY, changes, TIMES, DETAILS),
    ).toThrow(SessionTooLargeError);
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
