import request from 'supertest';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { getItem, scanTable } from './support/dynamodb.js';
import { createTestApp, TEST_SECRET, type TestApp, PLATFORMS } from './support/test-app.js';

const idFrom = (cookieHeader: string): string => sessionIdFrom(cookieHeader, TEST_SECRET);

/** supertest sends on then(): this starts a request now and settles with its response. */
function start(test: request.Test): Promise<request.Response> {
  return test.then((response) => response);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(PLATFORMS)(
  'concurrency on one DynamoDB Local table (checked in the table, not just the answers) (%s)',
  (platform) => {
    let t: TestApp;
    const api = () => request(t.app.getHttpServer());

    beforeEach(async () => {
      t = await createTestApp({}, undefined, { platform });
    });
    afterEach(async () => {
      await t.close();
    });

    async function newSession(): Promise<string> {
      return cookieHeaderFrom(await api().put('/value/base').send({ value: 0 }).expect(200));
    }

    it('50 parallel requests setting different keys of one session: all 50 keys are stored', async () => {
      const cookie = await newSession();
      const keys = Array.from({ length: 50 }, (_, i) => `key${i}`);
      const responses = await Promise.all(
        keys.map((key, i) => api().put(`/value/${key}`).set('Cookie', cookie).send({ value: i })),
      );
      expect(responses.map((response) => response.status)).toEqual(keys.map(() => 200));
      const item = await getItem(t.client, t.tableName, sessionKey(idFrom(cookie)));
      expect(item?.['data']).toEqual({
        base: 0,
        ...Object.fromEntries(keys.map((key, i) => [key, i])),
      });
    });

    it('20 clients x 50 sequential increments, in parallel: every count is exact', async () => {
      const clients = await Promise.all(Array.from({ length: 20 }, () => newSession()));
      await Promise.all(
        clients.map(async (cookie) => {
          for (let i = 0; i < 50; i += 1) {
            await api().post('/increment').set('Cookie', cookie).expect(200);
          }
        }),
      );
      for (const cookie of clients) {
        const item = await getItem(t.client, t.tableName, sessionKey(idFrom(cookie)));
        expect(item?.['data']).toEqual({ base: 0, count: 50 });
      }
    });

    it('logout racing with in-flight writes: the session stays destroyed and no item reappears', async () => {
      const cookie = await newSession();
      const writes = Array.from({ length: 10 }, (_, i) =>
        start(
          api()
            .put(`/slow/late${i}?ms=${200 + i * 20}`)
            .set('Cookie', cookie)
            .send({ value: i }),
        ),
      );
      await pause(100);
      await api().post('/logout').set('Cookie', cookie).expect(204);
      const answers = await Promise.all(writes);
      expect(answers.map((answer) => answer.status)).toEqual(writes.map(() => 409));
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
      await api().get('/data').set('Cookie', cookie).expect(200, {});
    });

    it('regenerate racing with a write on the old id: the old id is dead and is not recreated', async () => {
      const guest = await newSession();
      const late = start(
        api().put('/slow/late?ms=300').set('Cookie', guest).send({ value: 'late' }),
      );
      await pause(100);
      const login = await api()
        .post('/login')
        .set('Cookie', guest)
        .send({ username: 'ann' })
        .expect(200);
      const user = cookieHeaderFrom(login);
      expect((await late).status).toBe(409);
      const items = await scanTable(t.client, t.tableName);
      expect(items.map((item) => item['id'])).toEqual([sessionKey(idFrom(user))]);
      expect(items[0]?.['data']).toEqual({ base: 0 });
      expect(items[0]?.['userId']).toBe('ann');
      await api().get('/data').set('Cookie', guest).expect(200, {});
    });

    it('a touch in flight never creates an item for a destroyed session', async () => {
      const cookie = await newSession();
      const touch = start(api().post('/slow-touch?ms=300').set('Cookie', cookie));
      await pause(100);
      await api().post('/logout').set('Cookie', cookie).expect(204);
      t.client.reset();
      const answer = await touch;
      expect(answer.status).toBe(204);
      // The touch was tried, conditionally, and wrote nothing.
      expect(t.client.calls).toContain('UpdateItem');
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('a login in flight never revives a session logged out meanwhile (409, nothing stored)', async () => {
      const guest = await newSession();
      const login = start(
        api().post('/slow-login?ms=300').set('Cookie', guest).send({ username: 'ann' }),
      );
      await pause(100);
      await api().post('/logout').set('Cookie', guest).expect(204);
      const answer = await login;
      expect(answer.status).toBe(409);
      expect(answer.headers['set-cookie']).toBeUndefined();
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('a login in flight never drops a write that landed meanwhile (the login gets 409)', async () => {
      const guest = await newSession();
      const login = start(
        api().post('/slow-login?ms=300').set('Cookie', guest).send({ username: 'ann' }),
      );
      await pause(100);
      await api()
        .put('/value/cart')
        .set('Cookie', guest)
        .send({ value: ['pear'] })
        .expect(200);
      expect((await login).status).toBe(409);
      const items = await scanTable(t.client, t.tableName);
      expect(items.map((item) => item['data'])).toEqual([{ base: 0, cart: ['pear'] }]);
    });

    it('"log out everywhere" also ends a session whose login is in flight', async () => {
      const mine = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann' }).expect(200),
      );
      const other = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann' }).expect(200),
      );
      const relogin = start(
        api().post('/slow-login?ms=1500').set('Cookie', other).send({ username: 'ann' }),
      );
      await pause(100);
      await api().post('/logout-others').set('Cookie', mine).expect(200, { ended: 1 });
      expect((await relogin).status).toBe(409);
      const users = (await scanTable(t.client, t.tableName)).filter(
        (item) => item['userId'] === 'ann',
      );
      expect(users.map((item) => item['id'])).toEqual([sessionKey(idFrom(mine))]);
    });
  },
);
