import { randomBytes } from 'node:crypto';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionEncryption } from './session-encryption.js';
import type { SessionChanges, SessionTimes } from './session-repository.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import { SessionValueCodec } from './session-value-codec.js';
import { seededRandom } from './seeded-random.fixture.js';
import { sizedSessionUpdate } from './sized-session-item.js';

/**
 * What the specs of sized-session-item.ts share: item parts, codecs of every kind, random session
 * values from a seed, and the size a check counts. Specs only (excluded from the build).
 */

export type Data = Record<string, unknown>;

export const KEY = 'k'.repeat(43);
export const TIMES: SessionTimes = {
  createdAt: 1_776_383_800_123,
  touchedAt: 1_776_383_900_456,
  expiresAt: 1_776_387_500_789,
};
export const DETAILS = { userId: 'user-ü-42', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };
export const optionsWith = (maxSessionSize: number) =>
  ({
    keyAttribute: 'id',
    expiresAttribute: 'expires',
    dataAttribute: 'data',
    maxSessionSize,
  }) as ResolvedSessionOptions;

export const keyA = { id: 'a', key: randomBytes(32) };
export const keyLonger = { id: 'rotated-2031', key: randomBytes(32) };
export const codecs: Record<string, () => SessionValueCodec> = {
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
export function generator(seed: number) {
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
export function counted(check: () => unknown): number {
  try {
    check();
  } catch (error) {
    if (error instanceof SessionTooLargeError) return error.size;
    throw error;
  }
  throw new Error('no SessionTooLargeError at a limit of 0');
}

/** The coded values an update writes, under no size limit. */
export const written = (codec: SessionValueCodec, changes: SessionChanges, whole = false) =>
  sizedSessionUpdate(optionsWith(Number.MAX_SAFE_INTEGER), codec, KEY, changes, TIMES, {}, whole);

/** The JSON of each value, as the session core hands it to an update. */
export const jsonOf = (data: Data) =>
  new Map(Object.entries(data).map(([name, value]) => [name, JSON.stringify(value)]));

/** The changes a request makes to `data`: some keys set to new values, some added, some removed. */
export function changesTo(data: Data, random: ReturnType<typeof generator>) {
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
