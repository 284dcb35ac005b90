import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { InvalidSessionCursorError, SessionRepository, type SessionSummary } from '../src/index.js';
import { generateSessionId, sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import {
  CountingClient,
  expireItem,
  getItem,
  localEndpoint,
  scanTable,
} from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { createTestApp, TEST_SECRET, type TestApp, PLATFORMS } from './support/test-app.js';

const idFrom = (cookieHeader: string): string => sessionIdFrom(cookieHeader, TEST_SECRET);

describe.each(PLATFORMS)(
  'a user\'s sessions: the user index and "log out everywhere" (%s)',
  (platform) => {
    let t: TestApp;
    const api = () => request(t.app.getHttpServer());

    beforeEach(async () => {
      // Hundreds of logins of one user write one recent-logins item: on a loaded machine DynamoDB
      // Local serializes them slowly, so allow more than the default 3 s per call.
      t = await createTestApp({ trackUserAgent: true, requestTimeout: 30_000 }, undefined, {
        platform,
      });
    });
    afterEach(async () => {
      await t.close();
    });

    /** Logs `username` in on a new "device" and returns its cookie. */
    async function login(username: string, agent = 'test-agent'): Promise<string> {
      const response = await api()
        .post('/login')
        .set('User-Agent', agent)
        .send({ username })
        .expect(200);
      return cookieHeaderFrom(response);
    }

    it('writes the identity as the top-level userId attribute, which data writes leave alone', async () => {
      const cookie = await login('ann');
      const key = sessionKey(idFrom(cookie));
      expect((await getItem(t.client, t.tableName, key))?.['userId']).toBe('ann');
      await api().put('/value/k').set('Cookie', cookie).send({ value: 1 }).expect(200);
      await api().put('/value/userId').set('Cookie', cookie).send({ value: 'bob' }).expect(500);
      const item = await getItem(t.client, t.tableName, key);
      expect(item?.['userId']).toBe('ann');
      expect(item?.['data']).toEqual({ k: 1 });
    });

    it('lists the live sessions of a user, most recently created first, with no session ids', async () => {
      const devices = [
        await login('ann', 'phone'),
        await login('ann', 'laptop'),
        await login('ann', 'tablet'),
      ];
      await login('bob');
      // An expired session of ann's, still in the table (TTL lags): not listed.
      const expired = await login('ann', 'old');
      await expireItem(t.client, t.tableName, sessionKey(idFrom(expired)));

      t.client.reset();
      const response = await api()
        .get('/sessions')
        .set('Cookie', devices[0] as string)
        .expect(200);
      const list = response.body as { key: string; current: boolean; userAgent: string }[];
      expect(list.map((entry) => entry.userAgent)).toEqual(['tablet', 'laptop', 'phone']);
      expect(list.map((entry) => entry.current)).toEqual([false, false, true]);
      expect(list.map((entry) => entry.key)).toEqual(
        [2, 1, 0].map((i) => sessionKey(idFrom(devices[i] as string))),
      );
      for (const cookie of [...devices, expired])
        expect(response.text).not.toContain(idFrom(cookie));
      // Read from the index alone: one Query, no item read in full.
      expect(t.client.calls).toEqual(['GetItem', 'Query']);
    });

    it('ends every other session of the user, and only those', async () => {
      const [mine, other1, other2] = [await login('ann'), await login('ann'), await login('ann')];
      const bob = await login('bob');
      const response = await api()
        .post('/logout-others')
        .set('Cookie', mine as string)
        .expect(200);
      expect(response.body).toEqual({ ended: 2 });
      await api()
        .get('/me')
        .set('Cookie', mine as string)
        .expect(200, { userId: 'ann' });
      await api()
        .get('/me')
        .set('Cookie', other1 as string)
        .expect(401);
      await api()
        .get('/me')
        .set('Cookie', other2 as string)
        .expect(401);
      await api().get('/me').set('Cookie', bob).expect(200, { userId: 'bob' });
      const users = (await scanTable(t.client, t.tableName)).map((item) => item['userId']).sort();
      expect(users).toEqual(['ann', 'bob']);
    });

    it("ends one session by its handle, only the user's own: one conditional DeleteItem, none for what is no handle", async () => {
      const repository = t.app.get<SessionRepository>(SessionRepository);
      const [phone, laptop] = [await login('ann'), await login('ann')];
      const bob = await login('bob');
      const phoneHandle = sessionKey(idFrom(phone));
      t.client.reset();
      expect(await repository.destroyByHandle('ann', 'not a handle')).toBe(false);
      expect(await repository.destroyByHandle('ann', '')).toBe(false);
      expect(t.client.calls).toEqual([]);
      // Another user's session: nothing ends.
      expect(await repository.destroyByHandle('bob', phoneHandle)).toBe(false);
      await api().get('/me').set('Cookie', phone).expect(200, { userId: 'ann' });
      t.client.reset();
      expect(await repository.destroyByHandle('ann', phoneHandle)).toBe(true);
      expect(t.client.calls).toEqual(['DeleteItem']);
      await api().get('/me').set('Cookie', phone).expect(401);
      await api().get('/me').set('Cookie', laptop).expect(200, { userId: 'ann' });
      await api().get('/me').set('Cookie', bob).expect(200, { userId: 'bob' });
      expect(await repository.destroyByHandle('ann', phoneHandle)).toBe(false);
    });

    it('handles a user with hundreds of sessions (pages of the index, batched reads and deletes)', async () => {
      const repository = t.app.get<SessionRepository>(SessionRepository);
      const now = Date.now();
      const keys = Array.from({ length: 260 }, () => sessionKey(generateSessionId()));
      for (let i = 0; i < keys.length; i += 20) {
        await Promise.all(
          keys
            .slice(i, i + 20)
            .map((key, j) =>
              repository.create(
                key,
                { n: i + j },
                { createdAt: now + i + j, touchedAt: now + i + j, expiresAt: now + 60_000 },
                { userId: 'many' },
              ),
            ),
        );
      }
      const { sessions: listed, cursor } = await repository.listByUser('many', { limit: 1000 });
      expect(cursor).toBeUndefined();
      expect(listed).toHaveLength(260);
      expect(new Set(listed.map((entry) => entry.key))).toEqual(new Set(keys));
      t.client.reset();
      expect(await repository.destroyByUser('many', { exceptKey: keys[0] })).toBe(259);
      expect(t.client.count('Query')).toBe(3);
      expect(t.client.count('BatchWriteItem')).toBe(11);
      // The recent logins, read consistently: the 260 sessions are all in the index already.
      expect(t.client.count('BatchGetItem')).toBe(1);
      const left = await scanTable(t.client, t.tableName);
      expect(left.map((item) => item['id'])).toEqual([keys[0]]);
    }, 180_000);
  },
);

describe.each(PLATFORMS)('"log out everywhere" while the user index lags (%s)', (platform) => {
  let proxy: FaultProxy;
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  beforeEach(async () => {
    proxy = await FaultProxy.start(localEndpoint());
    t = await createTestApp({ endpoint: proxy.endpoint, region: 'us-east-1' }, undefined, {
      platform,
    });
  });
  afterEach(async () => {
    await t.close();
    await proxy.close();
  });

  const login = async (username: string): Promise<string> =>
    cookieHeaderFrom(await api().post('/login').send({ username }).expect(200));

  it('also ends the session logged in a moment ago, which the index does not show yet', async () => {
    const mine = await login('ann');
    const older = await login('ann');
    const newest = await login('ann');
    const bob = await login('bob');
    // The index has not caught up with the newest login: every Query answer misses it.
    proxy.dropNewestFromQueries = true;
    const listed = await api().get('/sessions').set('Cookie', mine).expect(200);
    expect((listed.body as SessionSummary[]).map((entry) => entry.key)).not.toContain(
      sessionKey(idFrom(newest)),
    );

    const ended = await api().post('/logout-others').set('Cookie', mine).expect(200);
    expect(ended.body).toEqual({ ended: 2 });
    proxy.dropNewestFromQueries = false;
    await api().get('/me').set('Cookie', newest).expect(401);
    await api().get('/me').set('Cookie', older).expect(401);
    await api().get('/me').set('Cookie', mine).expect(200, { userId: 'ann' });
    await api().get('/me').set('Cookie', bob).expect(200, { userId: 'bob' });
    const left = (await scanTable(t.client, t.tableName)).map((item) => item['id']).sort();
    expect(left).toEqual([sessionKey(idFrom(mine)), sessionKey(idFrom(bob))].sort());
  });
});

describe('listing a user who logged in hundreds of times', () => {
  let t: TestApp;
  let repository: SessionRepository;
  const keys = Array.from({ length: 300 }, () => sessionKey(generateSessionId()));
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp({ requestTimeout: 30_000 });
    repository = t.app.get<SessionRepository>(SessionRepository);
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(
        keys.slice(i, i + 25).map((key, j) =>
          repository.create(
            key,
            { big: 'x'.repeat(2000) },
            // keys[0] is the oldest session, keys[299] the newest.
            { createdAt: now + i + j, touchedAt: now + i + j, expiresAt: now + 600_000 },
            { userId: 'many' },
          ),
        ),
      );
    }
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers pages of at most 100, newest first, reading summaries from the index only', async () => {
    t.client.reset();
    const first = await repository.listByUser('many');
    expect(first.sessions.map((entry) => entry.key)).toEqual(keys.slice(200).reverse());
    expect(first.sessions[0]).toEqual({
      key: keys[299],
      createdAt: now + 299,
      touchedAt: now + 299,
      expiresAt: Math.ceil((now + 600_000) / 1000) * 1000,
      device: { type: 'unknown' },
    });
    expect(t.client.calls).toEqual(['Query']);
    const query = t.client.sent[0]?.input as { Limit: number; ProjectionExpression: string };
    expect(query.Limit).toBe(100);
    expect(query.ProjectionExpression).not.toMatch(/data/);

    const second = await repository.listByUser('many', { cursor: first.cursor });
    expect(second.sessions.map((entry) => entry.key)).toEqual(keys.slice(100, 200).reverse());
    const third = await repository.listByUser('many', { cursor: second.cursor, limit: 150 });
    expect(third.sessions.map((entry) => entry.key)).toEqual(keys.slice(0, 100).reverse());
    expect(third.cursor).toBeUndefined();
    expect(t.client.count('BatchGetItem')).toBe(0);
  });

  it('fills a page past expired sessions still in the table', async () => {
    for (const key of keys.slice(295)) {
      await expireItem(t.client, t.tableName, key);
    }
    const page = await repository.listByUser('many', { limit: 10 });
    expect(page.sessions.map((entry) => entry.key)).toEqual(keys.slice(285, 295).reverse());
    expect(page.cursor).toBeDefined();
  });

  it("refuses a cursor it did not hand out for this user (garbage, or another user's)", async () => {
    const { cursor } = await repository.listByUser('many', { limit: 1 });
    await expect(repository.listByUser('someone-else', { cursor })).rejects.toThrow(
      InvalidSessionCursorError,
    );
    for (const bad of ['', 'not-a-cursor', Buffer.from('[1]').toString('base64url')]) {
      await expect(repository.listByUser('many', { cursor: bad })).rejects.toThrow(
        InvalidSessionCursorError,
      );
    }
    await expect(repository.listByUser('many', { limit: 0 })).rejects.toThrow(RangeError);
  });
});

describe('a table without the user index', () => {
  it('fails listing with a 500 whose log line says how to add the index', async () => {
    const t = await createTestApp({ userIndexName: 'no-such-index' });
    try {
      const cookie = cookieHeaderFrom(
        await request(t.app.getHttpServer()).post('/login').send({ username: 'ann' }).expect(200),
      );
      await request(t.app.getHttpServer()).get('/sessions').set('Cookie', cookie).expect(500);
      expect(t.logger.lines.join('\n')).toMatch(
        /Query on DynamoDB table .*\(the table has no user index: `npx nestjs-dynamodb-session check`/,
      );
    } finally {
      await t.close();
    }
  });
});

describe('a user index of the layout before bounded listing (KEYS_ONLY, no sort key)', () => {
  it('fails listing with a 500 whose log line says how to replace the index', async () => {
    const client = new CountingClient();
    const tableName = `old-index-${randomUUID()}`;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'userId', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'userId-index',
            KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const t = await createTestApp({ client, tableName });
    try {
      const cookie = cookieHeaderFrom(
        await request(t.app.getHttpServer()).post('/login').send({ username: 'ann' }).expect(200),
      );
      await request(t.app.getHttpServer()).get('/sessions').set('Cookie', cookie).expect(500);
      expect(t.logger.lines.join('\n')).toMatch(
        /Query on DynamoDB table .*\(the user index is of an older layout .*`npx nestjs-dynamodb-session check`/,
      );
    } finally {
      await t.close();
      client.destroy();
    }
  });
});
