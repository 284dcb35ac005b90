import { randomBytes } from 'node:crypto';
import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import {
  SessionRepository,
  type DynamoSessionModuleOptions,
  type SessionEncryptionKey,
} from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { getItem, writeAsTableWriter } from './support/dynamodb.js';
import { PLATFORMS, TEST_SECRET, createTestApp, type TestApp } from './support/test-app.js';

const KEY: SessionEncryptionKey = { id: 'k1', key: randomBytes(32) };

const keyOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

/** Sets top-level attributes of an item as a table writer would, outside the library. */
const tamper = (t: TestApp, key: string, attributes: Record<string, AttributeValue>) =>
  writeAsTableWriter(t.client, t.tableName, key, attributes);

const errors = (t: TestApp): string =>
  t.logger.lines.filter((line) => line.startsWith('error')).join('\n');

describe.each(PLATFORMS)('the integrity of the whole item (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());
  const open = async (options: Partial<DynamoSessionModuleOptions> = {}) => {
    t = await createTestApp(options, undefined, { platform });
  };
  afterEach(async () => {
    await t.close();
  });

  /** Logs `username` in (with a value in the session); returns the cookie. */
  async function loggedIn(username: string): Promise<string> {
    const response = await api().post('/login').send({ username }).expect(200);
    const cookie = cookieHeaderFrom(response);
    await api()
      .put('/value/cart')
      .set('Cookie', cookie)
      .send({ value: ['apple'] })
      .expect(200);
    return cookie;
  }

  describe.each([
    ['without encryption', {}],
    ['with encryption', { encryption: { keys: [KEY] } }],
  ] as const)('%s', (_name, options) => {
    beforeEach(async () => {
      await open(options);
    });

    it('serves no session whose identity a table writer changed, and logs the seal key id once per read', async () => {
      const cookie = await loggedIn('bob');
      const key = keyOf(cookie);
      await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'bob' });
      await tamper(t, key, { userId: { S: 'alice' } });
      await api().get('/me').set('Cookie', cookie).expect(401);
      const data = await api().get('/data').set('Cookie', cookie).expect(200);
      expect(data.body).toEqual({});
      const log = errors(t);
      expect(log).toMatch(
        /has an item \(seal key id "(secret|encryption):[^"]+"\) that does not verify/,
      );
      expect(log).toContain(`${key.slice(0, 8)}...`);
      expect(log).not.toContain('alice');
      // The item is left as it is (no write to a session that is not served).
      expect((await getItem(t.client, t.tableName, key))?.['userId']).toBe('alice');
    });

    it('serves no session whose creation a table writer moved (absoluteTimeout and notBefore hold)', async () => {
      const cookie = await loggedIn('bob');
      const key = keyOf(cookie);
      const later = Date.now() + 60_000;
      await tamper(t, key, { createdAt: { N: String(later) } });
      await api().get('/me').set('Cookie', cookie).expect(401);
    });

    it('serves no session whose login a table writer made recent (an authenticatedAt planted or moved)', async () => {
      const planted = await loggedIn('bob');
      await tamper(t, keyOf(planted), { authenticatedAt: { N: String(Date.now()) } });
      await api().get('/me').set('Cookie', planted).expect(401);

      const cookie = await loggedIn('carl');
      await new Promise((resolve) => setTimeout(resolve, 5));
      // Logging in again as the same user is an authentication later than the creation: stored, sealed.
      const again = cookieHeaderFrom(
        await api().post('/login').set('Cookie', cookie).send({ username: 'carl' }).expect(200),
      );
      const key = keyOf(again);
      const stored = Number((await getItem(t.client, t.tableName, key))?.['authenticatedAt']);
      expect(stored).toBeGreaterThan(
        Number((await getItem(t.client, t.tableName, key))?.['createdAt']),
      );
      await api().get('/me').set('Cookie', again).expect(200, { userId: 'carl' });
      await tamper(t, key, { authenticatedAt: { N: String(stored + 60_000) } });
      await api().get('/me').set('Cookie', again).expect(401);
    });

    it('serves no session whose data is not a map (a string, a list), rather than an empty one', async () => {
      for (const replacement of [{ S: 'plain text' }, { L: [{ S: 'x' }] }] as AttributeValue[]) {
        const cookie = await loggedIn('bob');
        await tamper(t, keyOf(cookie), { data: replacement });
        await api().get('/me').set('Cookie', cookie).expect(401);
      }
      expect(errors(t)).toContain('has a data attribute that is not a map');
    });

    it('takes no identity from a data key userId a table writer put into a sealed item', async () => {
      const cookie = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }).expect(200));
      const key = keyOf(cookie);
      await tamper(t, key, {
        'data.userId': 'encryption' in options ? { B: Buffer.of(2, 9) } : { S: 'admin' },
      });
      await api().get('/me').set('Cookie', cookie).expect(401);
      await api().put('/value/b').set('Cookie', cookie).send({ value: 2 }).expect(200);
      expect((await getItem(t.client, t.tableName, key))?.['userId']).toBeUndefined();
    });

    it('serves no item copied under another session’s key (its seal names the table key)', async () => {
      const bob = await loggedIn('bob');
      const eve = await api().put('/value/a').send({ value: 1 }).expect(200);
      const eveCookie = cookieHeaderFrom(eve);
      const attributes = await rawItem(t, keyOf(bob));
      await t.client.send(
        new PutItemCommand({
          TableName: t.tableName,
          Item: { ...attributes, id: { S: keyOf(eveCookie) } },
        }),
      );
      await api().get('/me').set('Cookie', eveCookie).expect(401);
    });
  });

  it('serves no session whose exact end a table writer moved; the TTL alone cannot keep it longer', async () => {
    await open({ idleTimeout: 1, touchAfter: 0 });
    const cookie = await loggedIn('bob');
    const key = keyOf(cookie);
    const tenYears = Date.now() + 10 * 365 * 86_400_000;
    // The TTL second alone (as an older version's extension writes it): the sealed end still holds.
    await tamper(t, key, { expires: { N: String(Math.ceil(tenYears / 1000)) } });
    await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'bob' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await api().get('/me').set('Cookie', cookie).expect(401);
    // The exact end too: its end seal no longer verifies.
    const again = await loggedIn('bob');
    await tamper(t, keyOf(again), {
      expires: { N: String(Math.ceil(tenYears / 1000)) },
      expiresAtMs: { N: String(tenYears) },
    });
    await api().get('/me').set('Cookie', again).expect(401);
    expect(errors(t)).toMatch(/does not verify/);
  });

  it('keeps the cookie of an item sealed under a key this instance lacks (a rotation not yet everywhere)', async () => {
    const newer: SessionEncryptionKey = { id: 'k2', key: randomBytes(32) };
    await open({ encryption: { keys: [newer, KEY] } });
    const login = await api().post('/login').send({ username: 'bob' }).expect(200);
    const cookie = cookieHeaderFrom(login);
    const tableName = t.tableName;
    await t.close();
    // An instance that has not got the new key yet: no session here, and the cookie is left alone.
    await open({ encryption: { keys: [KEY] }, tableName });
    const here = await api().get('/data').set('Cookie', cookie).expect(200, {});
    expect(here.headers['set-cookie']).toBeUndefined();
    expect(t.logger.lines.join('\n')).toContain('not configured here');
    await t.close();
    await open({ encryption: { keys: [newer, KEY] }, tableName });
    await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'bob' });
  });

  describe('an item with no seal (an earlier version wrote it)', () => {
    async function unsealed(): Promise<{ cookie: string; key: string }> {
      const cookie = await loggedIn('bob');
      const key = keyOf(cookie);
      await t.client.send(
        new UpdateItemCommand({
          TableName: t.tableName,
          Key: { id: { S: key } },
          UpdateExpression: 'REMOVE seal',
        }),
      );
      return { cookie, key };
    }

    it('is refused by default', async () => {
      await open();
      const { cookie } = await unsealed();
      await api().get('/me').set('Cookie', cookie).expect(401);
      expect(errors(t)).toContain('carries no seal');
    });

    it('is served with unsealedItems: "accept", and sealed by its next write', async () => {
      await open({ unsealedItems: 'accept', touchAfter: 0 });
      const { cookie, key } = await unsealed();
      await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'bob' });
      await api().put('/value/more').set('Cookie', cookie).send({ value: 1 }).expect(200);
      expect((await getItem(t.client, t.tableName, key))?.['seal']).toBeInstanceOf(Uint8Array);
      const tableName = t.tableName;
      await t.close();
      await open({ tableName });
      await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'bob' });
    });

    it('moves an older version’s data identity once, and a parallel request that moves it too still writes', async () => {
      await open({ unsealedItems: 'accept' });
      const key = sessionKey('a-session-id-of-an-older-version');
      const now = Date.now();
      await t.client.send(
        new PutItemCommand({
          TableName: t.tableName,
          Item: {
            id: { S: key },
            data: { M: { userId: { S: 'ann' }, n: { N: '0' } } },
            expires: { N: String(Math.ceil(now / 1000) + 3600) },
            createdAt: { N: String(now) },
            touchedAt: { N: String(now) },
          },
        }),
      );
      const repository = t.app.get<SessionRepository>(SessionRepository);
      // Two requests read it before either wrote: each moves the identity, and each change lands.
      const times = { createdAt: now, touchedAt: now + 1, expiresAt: now + 600_000 };
      for (const n of [1, 2]) {
        const data = { userId: 'ann', n };
        const move = { set: { n }, remove: [], data, userId: 'ann', reseal: true };
        await expect(repository.update(key, move, times)).resolves.toBe(true);
      }
      const tableName = t.tableName;
      await t.close();
      await open({ tableName });
      const stored = await t.app.get<SessionRepository>(SessionRepository).get(key);
      expect(stored).toMatchObject({ userId: 'ann', data: { n: 2 }, sealed: true });
    });

    it('is sealed by a touch too (no data change)', async () => {
      await open({ unsealedItems: 'accept', touchAfter: 0 });
      const { cookie, key } = await unsealed();
      await api().post('/touch').set('Cookie', cookie).expect(204);
      expect((await getItem(t.client, t.tableName, key))?.['seal']).toBeInstanceOf(Uint8Array);
    });
  });

  it('rotates: an item sealed under an old secret is read, sealed anew by its next write, then needs the old secret no more', async () => {
    const oldSecret = 'an-older-secret-of-at-least-32-characters';
    await open({ secret: oldSecret });
    const first = await api().post('/login').send({ username: 'bob' }).expect(200);
    const oldCookie = cookieHeaderFrom(first);
    const tableName = t.tableName;
    await t.close();

    await open({ secret: [TEST_SECRET, oldSecret], tableName });
    const rotated = await api().get('/me').set('Cookie', oldCookie).expect(200);
    const cookie = cookieHeaderFrom(rotated);
    const key = keyOf(cookie);
    // (The app was given the first app's table: its own, created for it, stays empty.)
    const before = (await getItem(t.client, tableName, key))?.['seal'];
    expect(before).toBeInstanceOf(Uint8Array);
    await api().post('/touch').set('Cookie', cookie).expect(204);
    expect((await getItem(t.client, tableName, key))?.['seal']).not.toEqual(before);
    await t.close();

    await open({ tableName });
    await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'bob' });
  });
});

it('rotates an item holding a later authentication too: sealed anew with it, still recent', async () => {
  const oldSecret = 'an-older-secret-of-at-least-32-characters';
  const t1 = await createTestApp({ secret: oldSecret });
  const login = () => request(t1.app.getHttpServer()).post('/login').send({ username: 'bob' });
  const first = cookieHeaderFrom(await login().expect(200));
  await new Promise((resolve) => setTimeout(resolve, 5));
  const again = await login().set('Cookie', first).expect(200);
  const oldCookie = cookieHeaderFrom(again);
  const tableName = t1.tableName;
  const oldKey = sessionKey(sessionIdFrom(oldCookie, oldSecret));
  const authenticatedAt = (await getItem(t1.client, tableName, oldKey))?.['authenticatedAt'];
  expect(typeof authenticatedAt).toBe('number');
  await t1.close();

  const t2 = await createTestApp({ secret: [TEST_SECRET, oldSecret], tableName });
  const cookie = cookieHeaderFrom(
    await request(t2.app.getHttpServer()).get('/me').set('Cookie', oldCookie).expect(200),
  );
  await request(t2.app.getHttpServer()).post('/touch').set('Cookie', cookie).expect(204);
  const item = await getItem(t2.client, tableName, keyOf(cookie));
  expect(item?.['authenticatedAt']).toBe(authenticatedAt);
  await t2.close();

  const t3 = await createTestApp({ tableName });
  try {
    await request(t3.app.getHttpServer())
      .get('/me')
      .set('Cookie', cookie)
      .expect(200, { userId: 'bob' });
  } finally {
    await t3.close();
  }
});

/** The item under `key` as DynamoDB holds it (attribute values). */
async function rawItem(t: TestApp, key: string): Promise<Record<string, AttributeValue>> {
  const { Item } = await t.client.send(
    new GetItemCommand({ TableName: t.tableName, Key: { id: { S: key } }, ConsistentRead: true }),
  );
  if (Item === undefined) throw new Error(`no item under ${key}`);
  return Item;
}
