import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { ItemSeal, SealFailure } from './item-seal.js';
import { itemSealKeys } from './item-seal-keys.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const OLDER = 'an-older-secret-of-at-least-32-characters';
const KEY = 'table-key-of-the-session';
const FIELDS = { userId: 'bob', createdAt: 1_700_000_000_000 };

describe('ItemSeal', () => {
  const seal = new ItemSeal(itemSealKeys({ secrets: [SECRET] }));

  it('verifies what it sealed, and nothing else: identity, creation, table key', () => {
    const stored = seal.seal(KEY, FIELDS);
    expect(seal.check(KEY, FIELDS, stored)).toBeUndefined();
    expect(seal.check(KEY, { ...FIELDS, userId: 'alice' }, stored)).toBeInstanceOf(SealFailure);
    expect(seal.check(KEY, { ...FIELDS, userId: undefined }, stored)).toBeInstanceOf(SealFailure);
    expect(seal.check(KEY, { ...FIELDS, createdAt: FIELDS.createdAt + 1 }, stored)).toBeInstanceOf(
      SealFailure,
    );
    expect(seal.check('another-table-key', FIELDS, stored)).toBeInstanceOf(SealFailure);
  });

  it('covers a later authentication when there is one, and leaves the seal of an item without one as it was', () => {
    const reauthenticated = { ...FIELDS, authenticatedAt: FIELDS.createdAt + 60_000 };
    const stored = seal.seal(KEY, reauthenticated);
    expect(seal.check(KEY, reauthenticated, stored)).toBeUndefined();
    // Moved later (a table writer making an old login recent), or removed: no session.
    const later = { ...reauthenticated, authenticatedAt: reauthenticated.authenticatedAt + 1 };
    expect(seal.check(KEY, later, stored)).toBeInstanceOf(SealFailure);
    expect(seal.check(KEY, FIELDS, stored)).toBeInstanceOf(SealFailure);
    // Added to an item sealed without it.
    expect(seal.check(KEY, reauthenticated, seal.seal(KEY, FIELDS))).toBeInstanceOf(SealFailure);
    // An item sealed by an earlier version (no authentication time) verifies as it did.
    const earlier = seal.seal(KEY, FIELDS);
    expect(seal.check(KEY, { ...FIELDS, authenticatedAt: undefined }, earlier)).toBeUndefined();
  });

  it('tells an anonymous session from one whose identity is the string "null"', () => {
    const anonymous = seal.seal(KEY, { ...FIELDS, userId: undefined });
    expect(seal.check(KEY, { ...FIELDS, userId: 'null' }, anonymous)).toBeInstanceOf(SealFailure);
  });

  it('works a MAC out once for the seal and the checks of the same item, and still refuses a changed one', async () => {
    const actual = await import('node:crypto');
    const createHmac = jest.fn(actual.createHmac);
    await jest.isolateModulesAsync(async () => {
      jest.unstable_mockModule('node:crypto', () => ({ ...actual, default: actual, createHmac }));
      const { ItemSeal: Counted } = await import('./item-seal.js');
      const counting = new Counted(itemSealKeys({ secrets: [SECRET] }));
      const end = counting.sealEnd(KEY, 1_700_000_060_000);
      expect(counting.checkEnd(KEY, 1_700_000_060_000, end)).toBeUndefined();
      expect(counting.checkEnd(KEY, 1_700_000_060_000, end)).toBeUndefined();
      expect(createHmac).toHaveBeenCalledTimes(1);
      // Kept MACs are compared as before: a flipped bit, another end or another item still fail.
      const flipped = Buffer.from(end);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
      expect(counting.checkEnd(KEY, 1_700_000_060_000, flipped)?.reason).toMatch(/does not verify/);
      expect(counting.checkEnd(KEY, 1_700_000_060_001, end)?.reason).toMatch(/does not verify/);
      expect(counting.checkEnd('another-table-key', 1_700_000_060_000, end)?.reason).toMatch(
        /does not verify/,
      );
      // What did not verify is not kept: each check of it works its MAC out again.
      createHmac.mockClear();
      counting.check(KEY, FIELDS, end);
      counting.check(KEY, FIELDS, end);
      expect(createHmac).toHaveBeenCalledTimes(2);
      // What verified is: an identity seal from another instance with the same key, checked twice.
      const identity = new ItemSeal(itemSealKeys({ secrets: [SECRET] })).seal(KEY, FIELDS);
      createHmac.mockClear();
      expect(counting.check(KEY, FIELDS, identity)).toBeUndefined();
      expect(counting.check(KEY, FIELDS, identity)).toBeUndefined();
      expect(createHmac).toHaveBeenCalledTimes(1);
    });
  });

  it('refuses a MAC relabelled with another key id, whatever it kept', () => {
    const rotated = new ItemSeal(itemSealKeys({ secrets: [SECRET, OLDER] }));
    const stored = rotated.seal(KEY, FIELDS);
    expect(rotated.check(KEY, FIELDS, stored)).toBeUndefined();
    const [, older] = itemSealKeys({ secrets: [SECRET, OLDER] });
    if (older === undefined) throw new Error('no older key');
    const relabelled = Buffer.concat([
      Buffer.of(Buffer.byteLength(older.id)),
      Buffer.from(older.id),
      stored.subarray(stored.length - 32),
    ]);
    expect(rotated.check(KEY, FIELDS, relabelled)?.reason).toMatch(/does not verify/);
  });

  it('keeps MACs per instance: another key under the same id does not verify what this one sealed', () => {
    const one = new ItemSeal([{ id: 'encryption:k', key: randomBytes(32) }]);
    const other = new ItemSeal([{ id: 'encryption:k', key: randomBytes(32) }]);
    const stored = one.seal(KEY, FIELDS);
    expect(one.check(KEY, FIELDS, stored)).toBeUndefined();
    other.seal(KEY, FIELDS); // The same message, kept by the other instance with its own key.
    expect(other.check(KEY, FIELDS, stored)?.reason).toMatch(/does not verify/);
  });

  it('refuses two keys under one id, which a kept MAC could not tell apart', () => {
    const [key] = itemSealKeys({ secrets: [SECRET] });
    if (key === undefined) throw new Error('no key');
    expect(() => new ItemSeal([key, { id: key.id, key: randomBytes(32) }])).toThrow(
      /Two item seal keys have the id/,
    );
    // The same key twice (a secret listed twice) is one key.
    expect(() => new ItemSeal([key, { ...key }])).not.toThrow();
  });

  it('refuses what is not a well-formed seal, naming no key', () => {
    const stored = seal.seal(KEY, FIELDS);
    for (const bad of ['text', stored.subarray(0, stored.length - 1), Buffer.alloc(0)]) {
      expect(seal.check(KEY, FIELDS, bad)).toMatchObject({ keyId: undefined });
    }
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(seal.check(KEY, FIELDS, flipped)?.reason).toMatch(/does not verify/);
  });

  it('rotates: the first key seals, every key verifies; a removed key is named', () => {
    const before = new ItemSeal(itemSealKeys({ secrets: [OLDER] }));
    const stored = before.seal(KEY, FIELDS);
    const rotated = new ItemSeal(itemSealKeys({ secrets: [SECRET, OLDER] }));
    expect(rotated.check(KEY, FIELDS, stored)).toBeUndefined();
    expect(rotated.sealedWithCurrentKey(stored)).toBe(false);
    expect(rotated.sealedWithCurrentKey(rotated.seal(KEY, FIELDS))).toBe(true);
    const failure = seal.check(KEY, FIELDS, stored);
    expect(failure?.reason).toMatch(/not configured/);
    expect(failure?.keyId).toMatch(/^secret:/);
  });

  it('sizes an item with seals as long as its own, computing no MAC', () => {
    const keys = [
      ...itemSealKeys({ secrets: [SECRET] }),
      ...itemSealKeys({ encryptionKeys: [{ id: 'a-longer-key-id-2031', key: randomBytes(32) }] }),
    ];
    for (const current of keys) {
      const sealing = new ItemSeal([current]);
      const { sizing } = sealing;
      expect(sizing.seal(KEY, FIELDS)).toHaveLength(sealing.seal(KEY, FIELDS).length);
      expect(sizing.sealEnd(KEY, 1)).toHaveLength(sealing.sealEnd(KEY, 1).length);
      expect(sizing.seal(KEY, FIELDS).every((byte) => byte === 0)).toBe(true);
      // A stand-in's seal never verifies.
      expect(sealing.check(KEY, FIELDS, sizing.seal(KEY, FIELDS))).toBeInstanceOf(SealFailure);
      expect(sealing.sizing).toBe(sizing);
    }
  });
});

describe('itemSealKeys', () => {
  const encryptionKey = { id: 'k1', key: randomBytes(32) };

  it('derives one key per encryption key, then one per secret; the first seals', () => {
    const keys = itemSealKeys({ encryptionKeys: [encryptionKey], secrets: [SECRET, OLDER] });
    expect(keys.map((key) => key.id)).toEqual([
      'encryption:k1',
      expect.stringMatching(/^secret:[\w-]{10}$/),
      expect.stringMatching(/^secret:[\w-]{10}$/),
    ]);
    expect(new Set(keys.map((key) => key.key.toString('hex'))).size).toBe(3);
  });

  it('is deterministic, and never the secret or the encryption key itself', () => {
    const [first] = itemSealKeys({ secrets: [SECRET] });
    const [again] = itemSealKeys({ secrets: [SECRET] });
    expect(again).toEqual(first);
    expect(first?.key.toString()).not.toContain(SECRET.slice(0, 16));
    const [fromKey] = itemSealKeys({ encryptionKeys: [encryptionKey] });
    expect(fromKey?.key.equals(encryptionKey.key)).toBe(false);
  });

  it('turning encryption on keeps items sealed under the secret readable', () => {
    const stored = new ItemSeal(itemSealKeys({ secrets: [SECRET] })).seal(KEY, FIELDS);
    const withEncryption = new ItemSeal(
      itemSealKeys({ encryptionKeys: [encryptionKey], secrets: [SECRET] }),
    );
    expect(withEncryption.check(KEY, FIELDS, stored)).toBeUndefined();
  });

  it('gives no key without secrets or encryption keys (the express-session Store without encryption)', () => {
    expect(itemSealKeys({ secrets: [] })).toEqual([]);
  });
});
