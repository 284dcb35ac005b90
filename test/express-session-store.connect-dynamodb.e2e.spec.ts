import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { SessionData } from 'express-session';
import { sessionKey } from '../src/session/session-id.js';
import { DynamoSessionStore } from '../src/express-session/index.js';
import { CountingClient, createTestTable, deleteTable, getItem } from './support/dynamodb.js';

/**
 * connect-dynamodb's own test expectations (its test/test.js), where they apply to this store: the
 * Store API called directly with plain session objects, as other stores and frameworks call it.
 * Left out: its table creation on first use (this store uses a table made beforehand) and `reap`
 * (DynamoDB's TTL deletes expired items; a read ignores them before that).
 */
describe('DynamoSessionStore against connect-dynamodb expectations, on DynamoDB Local', () => {
  let client: CountingClient;
  let tableName: string;
  let store: DynamoSessionStore;
  const plain = (data: Record<string, unknown>) => data as unknown as SessionData;

  const set = (sid: string, data: Record<string, unknown>, on = store) =>
    new Promise<void>((resolve, reject) =>
      on.set(sid, plain(data), (error) => (error ? reject(error as Error) : resolve())),
    );
  const get = (sid: string) =>
    new Promise<SessionData | null | undefined>((resolve, reject) =>
      store.get(sid, (error, data) => (error ? reject(error as Error) : resolve(data))),
    );
  const touch = (sid: string, data: Record<string, unknown>, on = store) =>
    new Promise<void>((resolve, reject) =>
      on.touch(sid, plain(data), (error?: unknown) => (error ? reject(error as Error) : resolve())),
    );
  const destroy = (sid: string) =>
    new Promise<void>((resolve, reject) =>
      store.destroy(sid, (error) => (error ? reject(error as Error) : resolve())),
    );
  const storedExpiry = async (sid: string) =>
    Number((await getItem(client, tableName, sessionKey(sid)))?.['expires']);

  beforeAll(async () => {
    client = new CountingClient();
    tableName = await createTestTable(client, 'connect-dynamodb');
    store = new DynamoSessionStore({ client, tableName });
  });
  afterAll(async () => {
    await deleteTable(client, tableName);
    client.destroy();
  });

  it('is created with a client given as an option, and uses it', async () => {
    client.reset();
    await get(randomUUID());
    expect(client.calls).toEqual(['GetItem']);
  });

  it('stores data and gets it back as it was set', async () => {
    const sid = randomUUID();
    const name = randomUUID();
    await set(sid, { cookie: { maxAge: 2000 }, name });
    expect(await get(sid)).toEqual({ cookie: { maxAge: 2000 }, name });
  });

  it('stores a number as a number', async () => {
    const sid = randomUUID();
    const number = Math.floor(Math.random() * 1000) + 1;
    await set(sid, { cookie: { maxAge: 2000 }, number_field: number });
    expect(await get(sid)).toMatchObject({ number_field: number });
  });

  it('sets the same id again: the second set wins', async () => {
    const sid = randomUUID();
    await set(sid, { cookie: { maxAge: 2000 }, name: 'first', gone: true });
    await set(sid, { cookie: { maxAge: 2000 }, name: 'second' });
    expect(await get(sid)).toEqual({ cookie: { maxAge: 2000 }, name: 'second' });
  });

  it('touches: the expiry moves on', async () => {
    const eager = new DynamoSessionStore({ client, tableName, touchAfter: 0 });
    const sid = randomUUID();
    await set(sid, { cookie: { maxAge: 2000 }, name: 'x' }, eager);
    const before = await storedExpiry(sid);
    await touch(sid, { cookie: { maxAge: 60_000 }, name: 'x' }, eager);
    expect(await storedExpiry(sid)).toBeGreaterThanOrEqual(before + 58);
  });

  it('destroys: get then finds nothing', async () => {
    const sid = randomUUID();
    await set(sid, { cookie: { maxAge: 2000 }, name: 'x' });
    await destroy(sid);
    expect(await get(sid)).toBeNull();
  });

  it('finds nothing for a session whose maxAge has passed (what reap would delete)', async () => {
    const sid = randomUUID();
    await set(sid, { cookie: { maxAge: -20_000 }, name: 'x' });
    expect(await get(sid)).toBeNull();
  });

  it('does not crash on an item that is no session (no data, no expiry)', async () => {
    const sid = randomUUID();
    await client.send(
      new PutItemCommand({ TableName: tableName, Item: { id: { S: sessionKey(sid) } } }),
    );
    expect(await get(sid)).toBeNull();
  });
});
