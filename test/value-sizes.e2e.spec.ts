import { randomBytes } from 'node:crypto';
import {
  SessionRepository,
  SessionTooLargeError,
  type DynamoSessionModuleOptions,
  type SessionChanges,
  type SessionTimes,
} from '../src/index.js';
import { dynamoItemSize } from '../src/repository/dynamo-item-size.js';
import { sessionKey } from '../src/session/session-id.js';
import { getItem } from './support/dynamodb.js';
import { testAppPool, type TestApp } from './support/test-app.js';

type Options = Partial<DynamoSessionModuleOptions>;

/** A cart of product lines: compressible, as such data is. */
const CART = Array.from({ length: 80 }, (_, i) => ({
  sku: `SKU-${String(1000 + i).padStart(6, '0')}`,
  name: `Product ${i} in size ${['S', 'M', 'L'][i % 3]}`,
  quantity: 1 + (i % 4),
  unitPrice: Math.round(i * 137) / 100,
}));
const KEY = { id: 'current', key: randomBytes(32) };
const CODECS: [string, Options][] = [
  ['compression', { compression: { threshold: 256 } }],
  ['encryption', { encryption: { keys: [KEY] } }],
  ['compression and encryption', { compression: { threshold: 256 }, encryption: { keys: [KEY] } }],
];

/**
 * The stored sizes a read hands out (`StoredSession.valueSizes`), taken back by an update that does
 * not code the unchanged values again: its size count is the size of the item DynamoDB then holds.
 */
describe.each(CODECS)('valueSizes through DynamoDB Local, with %s', (_name, codec) => {
  const pool = testAppPool('express');
  afterEach(() => pool.closeAll());

  /** The repository of an app with `options` (on the table of `on`, when given). */
  async function repositoryWith(options: Options, on?: TestApp) {
    const t = await pool.start({ ...codec, ...options }, on);
    return { t, repository: t.app.get<symbol, SessionRepository>(SessionRepository) };
  }

  /**
   * Times of the write `step` ms after a session created now, each stored in as many bytes (the same
   * expiry; no trailing zero in any touchedAt, whose significant digits DynamoDB counts).
   */
  const start = Math.floor(Date.now() / 1000) * 1000 + 123;
  const times = (step: number): SessionTimes => ({
    createdAt: start,
    touchedAt: start + step,
    expiresAt: start + 3_600_000,
  });

  it('an update counted with them refuses exactly above the size DynamoDB then holds', async () => {
    const key = sessionKey(randomBytes(32).toString('base64url'));
    const first = await repositoryWith({});
    let repository = first.repository;
    const itemSize = async () =>
      dynamoItemSize((await getItem(first.t.client, first.t.tableName, key)) ?? {});
    // Plain values below the compression threshold too, so that the item is above the 1024 bytes
    // maxSessionSize allows at the least.
    const notes = { a: 'a'.repeat(200), b: 'b'.repeat(200), c: 'c'.repeat(200) };
    await repository.create(key, { cart: CART, ...notes, n: 1 }, times(0));
    const stored = await repository.get(key);
    expect(Object.keys(stored?.valueSizes ?? {})).toContain('cart');
    const change = (n: number): SessionChanges => ({
      set: { n },
      remove: [],
      data: { ...stored?.data, n },
      valueSizes: stored?.valueSizes,
    });
    await expect(repository.update(key, change(2), times(1))).resolves.toBe(true);
    const held = await itemSize();
    // The same write (n: 3 is stored in as many bytes as n: 2) at that size fits, one byte less does not.
    ({ repository } = await repositoryWith({ maxSessionSize: held }, first.t));
    await expect(repository.update(key, change(3), times(2))).resolves.toBe(true);
    expect(await itemSize()).toBe(held);
    ({ repository } = await repositoryWith({ maxSessionSize: held - 1 }, first.t));
    await expect(repository.update(key, change(4), times(3))).rejects.toMatchObject(
      new SessionTooLargeError(held, held - 1),
    );
    await expect(repository.get(key)).resolves.toMatchObject({ data: { n: 3 } });
  });
});
