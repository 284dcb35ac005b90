import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { SessionRepository } from '../src/index.js';
import { generateSessionId, sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { getItem, scanTable } from './support/dynamodb.js';
import { createTestApp, TEST_SECRET, type TestApp, PLATFORMS } from './support/test-app.js';

const idFrom = (cookieHeader: string): string => sessionIdFrom(cookieHeader, TEST_SECRET);

describe.each(PLATFORMS)(
  'a user\'s sessions: the user index and "log out everywhere" (%s)',
  (platform) => {
    let t: TestApp;
    const api = () => request(t.app.getHttpServer());

    beforeEach(async () => {
      t = await createTestApp({ trackUserAgent: true }, undefined, { platform });
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

    it('writes userId as a top-level attribute, and keeps it in step with the data', async () => {
      const cookie = await login('ann');
      const key = sessionKey(idFrom(cookie));
      expect((await getItem(t.client, t.tableName, key))?.['userId']).toBe('ann');
      await api().delete('/value/userId').set('Cookie', cookie).expect(204);
      expect((await getItem(t.client, t.tableName, key))?.['userId']).toBeUndefined();
      await api().put('/value/userId').set('Cookie', cookie).send({ value: 'ann2' }).expect(200);
      expect((await getItem(t.client, t.tableName, key))?.['userId']).toBe('ann2');
    });

    it('lists the live sessions of a user, newest activity first, with no session ids', async () => {
      const devices = [
        await login('ann', 'phone'),
        await login('ann', 'laptop'),
        await login('ann', 'tablet'),
      ];
      await login('bob');
      // An expired session of ann's, still in the table (TTL lags): not listed.
      const expired = await login('ann', 'old');
      await t.client.send(
        new UpdateItemCommand({
          TableName: t.tableName,
          Key: { id: { S: sessionKey(idFrom(expired)) } },
          UpdateExpression: 'SET expires = :past',
          ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 5) } },
        }),
      );
      await api()
        .post('/touch')
        .set('Cookie', devices[1] as string)
        .expect(204);

      const response = await api()
        .get('/sessions')
        .set('Cookie', devices[0] as string)
        .expect(200);
      const list = response.body as {
        key: string;
        current: boolean;
        userAgent: string;
        touchedAt: number;
      }[];
      expect(list.map((entry) => entry.userAgent)).toEqual(['laptop', 'tablet', 'phone']);
      expect(list.map((entry) => entry.current)).toEqual([false, false, true]);
      expect(list.map((entry) => entry.key)).toEqual(
        ['laptop', 'tablet', 'phone'].map((_, i) =>
          sessionKey(idFrom(devices[[1, 2, 0][i] as number] as string)),
        ),
      );
      for (const cookie of [...devices, expired])
        expect(response.text).not.toContain(idFrom(cookie));
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
                { userId: 'many', n: i + j },
                { createdAt: now, touchedAt: now + i + j, expiresAt: now + 60_000 },
              ),
            ),
        );
      }
      const listed = await repository.listByUser('many');
      expect(listed).toHaveLength(260);
      expect(new Set(listed.map((entry) => entry.key))).toEqual(new Set(keys));
      t.client.reset();
      expect(await repository.destroyByUser('many', { exceptKey: keys[0] })).toBe(259);
      expect(t.client.count('Query')).toBe(3);
      expect(t.client.count('BatchWriteItem')).toBe(11);
      const left = await scanTable(t.client, t.tableName);
      expect(left.map((item) => item['id'])).toEqual([keys[0]]);
    });
  },
);

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
