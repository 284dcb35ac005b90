import { randomBytes } from 'node:crypto';
import { isUndecoded } from './lazy-value.js';
import { SessionEncryption } from './session-encryption.js';
import { SessionIntegrityError } from './session-integrity.error.js';
import { SessionValueCodec } from './session-value-codec.js';

const KEY = 'k'.repeat(43);
const keyA = { id: 'a', key: randomBytes(32) };
const keyB = { id: 'b', key: randomBytes(32) };

const encrypting = (keys = [keyA], compressionThreshold?: number) =>
  new SessionValueCodec({ encryption: new SessionEncryption(keys), compressionThreshold });

function decode(codec: SessionValueCodec, stored: unknown, name = 'v'): unknown {
  return codec.decodeAll(KEY, { [name]: stored })[name];
}

describe('SessionValueCodec', () => {
  it('decodes a compressed value when it is first read, not before; a broken one fails only then', () => {
    const codec = new SessionValueCodec({ compressionThreshold: 10 });
    const stored = codec.encode(KEY, 'big', 'x'.repeat(100)) as Buffer;
    const broken = Buffer.from(stored).fill(0xff, 1);
    const data = codec.decodeAll(KEY, { big: broken, small: 'kept' });
    expect(isUndecoded(data, 'big')).toBe(true);
    expect(data['small']).toBe('kept');
    expect(() => data['big']).toThrow(SessionIntegrityError);
    const good = codec.decodeAll(KEY, { big: stored });
    expect(good['big']).toBe('x'.repeat(100));
    expect(isUndecoded(good, 'big')).toBe(false);
  });

  it('authenticates an encrypted value at once (a tampered one throws on decode), parsing it when read', () => {
    const stored = Buffer.from(encrypting().encode(KEY, 'v', { a: 1 }) as Uint8Array);
    const data = encrypting().decodeAll(KEY, { v: stored });
    expect(isUndecoded(data, 'v')).toBe(true);
    expect(data['v']).toEqual({ a: 1 });
    stored[stored.length - 1] = (stored[stored.length - 1] ?? 0) ^ 1;
    expect(() => encrypting().decodeAll(KEY, { v: stored })).toThrow(SessionIntegrityError);
  });

  it('stores values as they are when neither compression nor encryption is on', () => {
    const codec = new SessionValueCodec();
    expect(codec.active).toBe(false);
    const data = { a: 1, b: { c: ['d'] } };
    expect(codec.encodeAll(KEY, data)).toEqual(data);
    expect(codec.decodeAll(KEY, data)).toEqual(data);
  });

  it('compresses only above the threshold, and reads both forms with any threshold', () => {
    const codec = new SessionValueCodec({ compressionThreshold: 10 });
    const big = 'x'.repeat(100);
    const stored = codec.encode(KEY, 'v', big);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(codec.encode(KEY, 'v', 'short')).toBe('short');
    expect(decode(new SessionValueCodec(), stored)).toBe(big);
    expect(decode(new SessionValueCodec({ compressionThreshold: 1000 }), stored)).toBe(big);
  });

  it('gives a different ciphertext each time, and decrypts with any configured key', () => {
    const one = encrypting().encode(KEY, 'v', 'same') as Uint8Array;
    const two = encrypting().encode(KEY, 'v', 'same') as Uint8Array;
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(false);
    expect(decode(encrypting([keyB, keyA]), one)).toBe('same');
  });

  it.each([
    [
      'a flipped bit',
      (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -1), Buffer.of((bytes.at(-1) ?? 0) ^ 1)]),
    ],
    ['a zeroed nonce and ciphertext', (bytes: Buffer) => Buffer.from(bytes).fill(0, 3)],
    ['a truncated ciphertext', (bytes: Buffer) => bytes.subarray(0, 20)],
    [
      'another key id in the header',
      (bytes: Buffer) => Buffer.from(bytes).fill('b'.charCodeAt(0), 2, 3),
    ],
  ])('refuses %s', (_case, tamper) => {
    const bytes = Buffer.from(encrypting([keyA]).encode(KEY, 'v', { secret: 1 }) as Uint8Array);
    expect(decode(encrypting([keyA, keyB]), bytes)).toEqual({ secret: 1 });
    expect(() => decode(encrypting([keyA, keyB]), tamper(bytes))).toThrow(SessionIntegrityError);
  });

  it('binds each value to its session and its key', () => {
    const stored = encrypting().encode(KEY, 'role', 'admin');
    expect(() => encrypting().decodeAll('other-key', { role: stored })).toThrow(
      /failed to authenticate/,
    );
    expect(() => decode(encrypting(), stored, 'nickname')).toThrow(/failed to authenticate/);
  });

  it('names the reason, the key id and the table key prefix, never the value', () => {
    const stored = encrypting([keyA]).encode(KEY, 'email', 'alice@example.com');
    let error: unknown;
    try {
      decode(encrypting([keyB]), stored, 'email');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SessionIntegrityError);
    expect(error).toMatchObject({ keyId: 'a', keyPrefix: KEY.slice(0, 8), valueKey: 'email' });
    expect(String((error as Error).message)).toMatch(/key that is not configured/);
    expect(String((error as Error).message)).not.toContain('alice');
  });

  it('refuses plain text and compressed-only values under encryption, and ciphertexts without it', () => {
    expect(() => decode(encrypting(), 'planted')).toThrow(/plain text while encryption is on/);
    const compressed = new SessionValueCodec({ compressionThreshold: 0 }).encode(KEY, 'v', 'abc');
    expect(() => decode(encrypting(), compressed)).toThrow(/not encrypted while encryption is on/);
    const sealed = encrypting().encode(KEY, 'v', 'abc');
    expect(() => decode(new SessionValueCodec(), sealed)).toThrow(/no encryption keys/);
    expect(() => decode(new SessionValueCodec(), Buffer.of(9, 1, 2))).toThrow(
      /not a form this library writes/,
    );
  });
});
