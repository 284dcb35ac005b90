import {
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import signature from 'cookie-signature';
import { Controller, Get, Injectable, UseGuards } from '@nestjs/common';
import request from 'supertest';
import {
  Session,
  SessionGuard,
  SessionRepository,
  UseSession,
  type DynamoSessionModuleOptions,
  type SessionTimes,
} from '../src/index.js';
import { generateSessionId, sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie, setCookies, sessionIdFrom } from './support/cookies.js';
import { getItem, scanTable } from './support/dynamodb.js';
import {
  createTestApp,
  PLATFORMS,
  ProbeController,
  TEST_SECRET,
  type TestApp,
} from './support/test-app.js';

const idFrom = (cookieHeader: string): string => sessionIdFrom(cookieHeader, TEST_SECRET);

describe.each(PLATFORMS)('session lifecycle on DynamoDB Local (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  afterEach(async () => {
    await t.close();
  });

  describe('with default options', () => {
    beforeEach(async () => {
      t = await createTestApp({}, undefined, { platform });
    });

    /** Stores `{ [key]: value }` in a new session and returns its cookie header. */
    async function newSession(key = 'cart', value: unknown = ['apple']): Promise<string> {
      const response = await api().put(`/value/${key}`).send({ value }).expect(200);
      return cookieHeaderFrom(response);
    }

    it('neither writes nor sets a cookie for a new session that receives no data', async () => {
      const response = await api().get('/data').expect(200);
      expect(response.body).toEqual({});
      expect(setCookies(response)).toEqual([]);
      expect(t.client.calls).toEqual([]);
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('costs no DynamoDB call on a route that does not use the session, cookie or not', async () => {
      const cookie = await newSession();
      t.client.reset();
      const response = await api().get('/health').set('Cookie', cookie).expect(200);
      expect(setCookies(response)).toEqual([]);
      expect(t.client.calls).toEqual([]);
    });

    it('stores a new session with one PutItem, keyed by the SHA-256 of its id, data as a native map', async () => {
      const cookie = await newSession('cart', ['apple', { qty: 2 }]);
      expect(t.client.calls).toEqual(['PutItem']);
      const id = idFrom(cookie);
      const items = await scanTable(t.client, t.tableName);
      expect(items).toHaveLength(1);
      expect(items[0]?.['id']).toBe(sessionKey(id));
      expect(JSON.stringify(items)).not.toContain(id);
      const raw = await t.client.send(
        new GetItemCommand({
          TableName: t.tableName,
          Key: { id: { S: sessionKey(id) } },
          ConsistentRead: true,
        }),
      );
      expect(raw.Item?.['data']?.M?.['cart']?.L).toHaveLength(2);
      expect(Number(raw.Item?.['expires']?.N)).toBeGreaterThan(
        Date.now() / 1000 + 14 * 86_400 - 60,
      );
    });

    it('sets the session cookie with secure defaults', async () => {
      const response = await api().put('/value/x').send({ value: 1 }).expect(200);
      const cookie = sessionCookie(response);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'lax', path: '/' });
      expect(cookie?.secure).toBeFalsy(); // plain HTTP with secure: 'auto'
      expect(cookie?.maxAge).toBeGreaterThan(14 * 86_400 - 5);
    });

    it('answers a read within touchAfter with one GetItem, no write and no cookie', async () => {
      const cookie = await newSession();
      t.client.reset();
      const response = await api().get('/value/cart').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual({ value: ['apple'] });
      expect(t.client.calls).toEqual(['GetItem']);
      expect(setCookies(response)).toEqual([]);
    });

    it('writes only the changed and removed keys, with one conditional UpdateItem', async () => {
      const cookie = await newSession('a', 1);
      await api().put('/value/b').set('Cookie', cookie).send({ value: 2 }).expect(200);
      t.client.reset();
      await api().put('/value/c').set('Cookie', cookie).send({ value: 3 }).expect(200);
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
      const update = t.client.sent[1]?.input as {
        UpdateExpression: string;
        ExpressionAttributeNames: Record<string, string>;
        ConditionExpression: string;
      };
      expect(Object.values(update.ExpressionAttributeNames)).toContain('c');
      expect(Object.values(update.ExpressionAttributeNames)).not.toContain('a');
      expect(Object.values(update.ExpressionAttributeNames)).not.toContain('b');
      // Conditional on a live item (a missing one has no TTL attribute to compare), each name sent once.
      expect(update.ConditionExpression).toMatch(/^#expires > :nowSeconds AND /);
      const names = Object.values(update.ExpressionAttributeNames);
      expect(names).toEqual([...new Set(names)]);

      t.client.reset();
      await api().delete('/value/a').set('Cookie', cookie).expect(204);
      const removal = t.client.sent[1]?.input as {
        UpdateExpression: string;
        ExpressionAttributeNames: Record<string, string>;
      };
      expect(removal.UpdateExpression).toMatch(/REMOVE/);
      expect(Object.values(removal.ExpressionAttributeNames)).toContain('a');
      expect(Object.values(removal.ExpressionAttributeNames)).not.toContain('b');

      const item = await getItem(t.client, t.tableName, sessionKey(idFrom(cookie)));
      expect(item?.['data']).toEqual({ b: 2, c: 3 });
    });

    it('replaces the whole data map in one write when very many keys change at once', async () => {
      const cookie = await newSession('keep', true);
      const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
      t.client.reset();
      await api().put('/data').set('Cookie', cookie).send(many).expect(200);
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
      const update = t.client.sent[1]?.input as {
        ExpressionAttributeNames: Record<string, string>;
        ExpressionAttributeValues: Record<string, unknown>;
      };
      // One SET of the whole map, not 200 paths.
      expect(Object.values(update.ExpressionAttributeNames)).toContain('data');
      expect(Object.values(update.ExpressionAttributeNames)).not.toContain('k0');
      // A plain UpdateItem: its values as DynamoDB holds them, read back as the document client would.
      const values = Object.values(update.ExpressionAttributeValues).map((value) =>
        unmarshall({ value } as Record<string, AttributeValue>),
      );
      expect(values.map((value) => value['value'])).toContainEqual({
        keep: true,
        ...many,
      });
      const item = await getItem(t.client, t.tableName, sessionKey(idFrom(cookie)));
      expect(item?.['data']).toEqual({ keep: true, ...many });
    });

    it('keeps both changes when two requests change different keys of one session at once', async () => {
      const cookie = await newSession('base', 0);
      await Promise.all([
        api().put('/slow/first?ms=150').set('Cookie', cookie).send({ value: 1 }).expect(200),
        api().put('/value/second').set('Cookie', cookie).send({ value: 2 }).expect(200),
      ]);
      const item = await getItem(t.client, t.tableName, sessionKey(idFrom(cookie)));
      expect(item?.['data']).toEqual({ base: 0, first: 1, second: 2 });
    });

    it('treats an item whose expiry has passed as absent, although TTL has not deleted it yet', async () => {
      const cookie = await newSession();
      const key = sessionKey(idFrom(cookie));
      await t.client.send(
        new UpdateItemCommand({
          TableName: t.tableName,
          Key: { id: { S: key } },
          UpdateExpression: 'SET expires = :past',
          ExpressionAttributeValues: { ':past': { N: String(Math.floor(Date.now() / 1000) - 10) } },
        }),
      );
      const response = await api().get('/data').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual({});
      expect(await getItem(t.client, t.tableName, key)).toBeDefined();
      // A write on the dead session starts a new one under a new id; the expired item is not revived.
      const write = await api()
        .put('/value/x')
        .set('Cookie', cookie)
        .send({ value: 1 })
        .expect(200);
      expect(idFrom(cookieHeaderFrom(write))).not.toBe(idFrom(cookie));
      expect((await getItem(t.client, t.tableName, key))?.['data']).toEqual({ cart: ['apple'] });
    });

    it('treats a session that TTL already deleted as absent, and never recreates its item', async () => {
      const cookie = await newSession();
      const key = sessionKey(idFrom(cookie));
      await t.client.send(
        new DeleteItemCommand({ TableName: t.tableName, Key: { id: { S: key } } }),
      );
      await api().get('/data').set('Cookie', cookie).expect(200, {});
      const write = await api()
        .put('/value/x')
        .set('Cookie', cookie)
        .send({ value: 1 })
        .expect(200);
      expect(idFrom(cookieHeaderFrom(write))).not.toBe(idFrom(cookie));
      expect(await getItem(t.client, t.tableName, key)).toBeUndefined();
    });

    it('regenerate: new id, data kept, old item deleted atomically, old cookie dead', async () => {
      const guestCookie = await newSession('cart', ['apple']);
      t.client.reset();
      const login = await api()
        .post('/login')
        .set('Cookie', guestCookie)
        .send({ username: 'ann' })
        .expect(200);
      // The UpdateItem notes the login in the user's recent logins (for "log out everywhere").
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem', 'TransactWriteItems']);
      const userCookie = cookieHeaderFrom(login);
      expect(userCookie).not.toBe(guestCookie);
      expect(login.body.id).toBe(idFrom(userCookie));
      const items = await scanTable(t.client, t.tableName);
      expect(items).toHaveLength(1);
      expect(items[0]?.['id']).toBe(sessionKey(idFrom(userCookie)));
      expect(items[0]?.['data']).toEqual({ cart: ['apple'] });
      expect(items[0]?.['userId']).toBe('ann');
      await api().get('/me').set('Cookie', userCookie).expect(200, { userId: 'ann' });
      await api().get('/me').set('Cookie', guestCookie).expect(401);
    });

    it('logIn(userId, { keepData: false }) starts the new session empty, stored for its identity', async () => {
      const guestCookie = await newSession('cart', ['apple']);
      const login = await api()
        .post('/login')
        .set('Cookie', guestCookie)
        .send({ username: 'ann', keepData: false })
        .expect(200);
      const items = await scanTable(t.client, t.tableName);
      expect(items.map((item) => [item['data'], item['userId']])).toEqual([[{}, 'ann']]);
      expect(items[0]?.['id']).toBe(sessionKey(idFrom(cookieHeaderFrom(login))));
    });

    it('destroy: item deleted, cookie cleared, old cookie no longer logs in', async () => {
      const guest = await newSession();
      const userCookie = cookieHeaderFrom(
        await api().post('/login').set('Cookie', guest).send({ username: 'ann' }).expect(200),
      );
      const logout = await api().post('/logout').set('Cookie', userCookie).expect(204);
      const cleared = sessionCookie(logout);
      expect(cleared?.value).toBe('');
      expect(cleared?.maxAge).toBe(0);
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
      await api().get('/me').set('Cookie', userCookie).expect(401);
      const after = await api().get('/data').set('Cookie', userCookie).expect(200);
      expect(after.body).toEqual({});
    });

    it('never brings back a destroyed session from a write that was in flight (409, nothing stored)', async () => {
      const cookie = await newSession();
      // supertest sends on then(): start the slow request now.
      const slow = api()
        .put('/slow/late?ms=400')
        .set('Cookie', cookie)
        .send({ value: 'late' })
        .then((response) => response);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await api().post('/logout').set('Cookie', cookie).expect(204);
      const late = await slow;
      expect(late.status).toBe(409);
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('ignores a cookie that fails verification: no DynamoDB call, a fresh session', async () => {
      const cookie = await newSession();
      const forged = `${cookie.slice(0, -4)}AAAA`;
      t.client.reset();
      const response = await api().get('/data').set('Cookie', forged).expect(200);
      expect(response.body).toEqual({});
      expect(t.client.calls).toEqual([]);
    });

    it('never adopts a validly signed id that the store does not know', async () => {
      const planted = 'p'.repeat(43);
      const cookie = `sid=${encodeURIComponent(signature.sign(planted, TEST_SECRET))}`;
      const response = await api()
        .put('/value/x')
        .set('Cookie', cookie)
        .send({ value: 1 })
        .expect(200);
      expect(t.client.calls).toEqual(['GetItem', 'PutItem']);
      const issued = idFrom(cookieHeaderFrom(response));
      expect(issued).not.toBe(planted);
      expect(await getItem(t.client, t.tableName, sessionKey(planted))).toBeUndefined();
    });

    it('SessionGuard: 401 without a session (no DynamoDB call), 401 for a guest, 200 once logged in', async () => {
      await api().get('/me').expect(401);
      expect(t.client.calls).toEqual([]);
      const guest = await newSession();
      await api().get('/me').set('Cookie', guest).expect(401);
      const user = cookieHeaderFrom(
        await api().post('/login').set('Cookie', guest).send({ username: 'bob' }).expect(200),
      );
      t.client.reset();
      await api().get('/me').set('Cookie', user).expect(200, { userId: 'bob' });
      // Guard, interceptor and @Session() share one load.
      expect(t.client.calls).toEqual(['GetItem']);
      await api().get('/guarded-only').set('Cookie', user).expect(200);
    });

    it('touch() extends the expiry within touchAfter', async () => {
      const cookie = await newSession();
      const key = sessionKey(idFrom(cookie));
      const before = await getItem(t.client, t.tableName, key);
      await new Promise((resolve) => setTimeout(resolve, 20));
      t.client.reset();
      const response = await api().post('/touch').set('Cookie', cookie).expect(204);
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
      // The same session id, re-signed with the new write mark (consistentRead: 'auto').
      expect(idFrom(cookieHeaderFrom(response))).toBe(idFrom(cookie));
      const after = await getItem(t.client, t.tableName, key);
      expect(Number(after?.['touchedAt'])).toBeGreaterThan(Number(before?.['touchedAt']));
      expect(after?.['data']).toEqual(before?.['data']);
    });
  });

  describe('with short timeouts', () => {
    it('extends the expiry once touchAfter has passed, with one UpdateItem and a refreshed cookie', async () => {
      t = await createTestApp({ idleTimeout: 30, touchAfter: 1 }, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const key = sessionKey(idFrom(cookie));
      const first = await getItem(t.client, t.tableName, key);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      t.client.reset();
      const response = await api().get('/data').set('Cookie', cookie).expect(200);
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
      expect(sessionCookie(response)?.maxAge).toBe(30);
      const second = await getItem(t.client, t.tableName, key);
      expect(Number(second?.['touchedAt'])).toBeGreaterThanOrEqual(
        Number(first?.['touchedAt']) + 1000,
      );
      // Right after, within touchAfter again: no write.
      t.client.reset();
      await api().get('/data').set('Cookie', cookie).expect(200);
      expect(t.client.calls).toEqual(['GetItem']);
    });

    it('ends a session idle for longer than idleTimeout', async () => {
      t = await createTestApp({ idleTimeout: 1, touchAfter: 0 }, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const response = await api().get('/data').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual({});
    });

    it('never extends a session past absoluteTimeout, however active', async () => {
      t = await createTestApp({ idleTimeout: 60, absoluteTimeout: 2, touchAfter: 0 }, undefined, {
        platform,
      });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const key = sessionKey(idFrom(cookie));
      const created = Number((await getItem(t.client, t.tableName, key))?.['createdAt']);
      for (let i = 0; i < 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await api().post('/touch').set('Cookie', cookie).expect(204);
        const item = await getItem(t.client, t.tableName, key);
        expect(Number(item?.['expires'])).toBeLessThanOrEqual(Math.ceil((created + 2000) / 1000));
      }
      await new Promise((resolve) => setTimeout(resolve, 700));
      const response = await api().get('/data').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual({});
    });
  });

  describe('with other options', () => {
    it('saveUninitialized: stores and sends a cookie for an empty new session', async () => {
      t = await createTestApp({ saveUninitialized: true }, undefined, { platform });
      const response = await api().get('/data').expect(200);
      expect(sessionCookie(response)).toBeDefined();
      expect(t.client.calls).toEqual(['PutItem']);
    });

    it('custom attribute names and cookie name are used end to end', async () => {
      t = await createTestApp(
        {
          dataAttribute: 'payload',
          expiresAttribute: 'expires',
          cookie: { name: 'app_sid' },
        },
        undefined,
        { platform },
      );
      const response = await api().put('/value/k').send({ value: 'v' }).expect(200);
      expect(sessionCookie(response, 'app_sid')).toBeDefined();
      const items = await scanTable(t.client, t.tableName);
      expect(items[0]?.['payload']).toEqual({ k: 'v' });
      await api()
        .get('/value/k')
        .set('Cookie', cookieHeaderFrom(response, 'app_sid'))
        .expect(200, { value: 'v' });
    });

    it('a browser-session cookie when persistent is false', async () => {
      t = await createTestApp({ cookie: { persistent: false } }, undefined, { platform });
      const response = await api().put('/value/k').send({ value: 'v' }).expect(200);
      const cookie = sessionCookie(response);
      expect(cookie?.maxAge).toBeUndefined();
      expect(cookie?.expires).toBeUndefined();
    });
  });

  describe('handlers that return Observables or throw', () => {
    it('saves an Observable result when it completes, with every change it made', async () => {
      t = await createTestApp({}, undefined, { platform });
      const response = await api().get('/observable').expect(200);
      const item = await getItem(
        t.client,
        t.tableName,
        sessionKey(idFrom(cookieHeaderFrom(response))),
      );
      expect(item?.['data']).toEqual({ a: 1, b: 2 });
    });

    it('saves what a server-sent event stream changes in a stored session, before its first event', async () => {
      t = await createTestApp({}, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const key = sessionKey(idFrom(cookie));
      for (const streams of [1, 2]) {
        const response = await api().get('/events').set('Cookie', cookie).expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(response.text.match(/^data: /gm)).toHaveLength(3);
        expect((await getItem(t.client, t.tableName, key))?.['data']).toEqual({ k: 1, streams });
      }
      expect(t.logger.lines.filter((line) => /^(warn|error)/.test(line))).toEqual([]);
    });

    it('applies a destroy() in a server-sent event stream that ends without an event', async () => {
      t = await createTestApp({}, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const response = await api().get('/events/destroy').set('Cookie', cookie).expect(200);
      expect(response.text).not.toMatch(/^data: /m);
      expect(await getItem(t.client, t.tableName, sessionKey(idFrom(cookie)))).toBeUndefined();
      await api().get('/data').set('Cookie', cookie).expect(200, {});
    });

    it('stores no new session from a server-sent event stream, whose headers leave before it is saved, and says why', async () => {
      t = await createTestApp({}, undefined, { platform });
      const response = await api().get('/events').expect(200);
      expect(response.text.match(/^data: /gm)).toHaveLength(3);
      expect(setCookies(response)).toEqual([]);
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
      expect(t.logger.lines.join('\n')).toContain(
        'The session was not stored: the response headers were sent before it was saved (a server-sent events stream',
      );
    });

    it('keeps the session as it was when a server-sent event stream regenerates it', async () => {
      t = await createTestApp({}, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const response = await api().get('/events/login').set('Cookie', cookie).expect(200);
      expect(setCookies(response)).toEqual([]);
      const items = await scanTable(t.client, t.tableName);
      expect(items.map((item) => [item['id'], item['data']])).toEqual([
        [sessionKey(idFrom(cookie)), { k: 1 }],
      ]);
      expect(t.logger.lines.join('\n')).toContain('The session was not stored');
      await api().get('/data').set('Cookie', cookie).expect(200, { k: 1 });
    });

    it('applies destroy() even when the handler returns an Observable that emits nothing', async () => {
      t = await createTestApp({}, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      await api().post('/destroy-empty').set('Cookie', cookie);
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('drops the changes of a handler that throws: a failed login logs nobody in', async () => {
      t = await createTestApp({}, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const failed = await api().post('/throw-after/login').set('Cookie', cookie).expect(400);
      expect(setCookies(failed)).toEqual([]);
      await api().get('/me').set('Cookie', cookie).expect(401);
      await api().post('/throw-after/extra').set('Cookie', cookie).expect(400);
      await api().get('/data').set('Cookie', cookie).expect(200, { k: 1 });
    });

    it('still applies destroy() when the handler throws after it', async () => {
      t = await createTestApp({}, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      const response = await api().post('/throw-after/destroy').set('Cookie', cookie).expect(400);
      expect(sessionCookie(response)?.value).toBe('');
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('saveOnError: true saves what the failed handler changed', async () => {
      t = await createTestApp({ saveOnError: true }, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      await api().post('/throw-after/extra').set('Cookie', cookie).expect(400);
      await api().get('/data').set('Cookie', cookie).expect(200, { k: 1, extra: true });
    });
  });

  describe('what SessionGuard accepts', () => {
    it('follows the isAuthenticated option', async () => {
      t = await createTestApp(
        { isAuthenticated: (session) => session['role'] === 'admin' },
        undefined,
        { platform },
      );
      const cookie = cookieHeaderFrom(
        await api().put('/value/role').send({ value: 'user' }).expect(200),
      );
      await api().get('/guarded-only').set('Cookie', cookie).expect(401);
      await api().put('/value/role').set('Cookie', cookie).send({ value: 'admin' }).expect(200);
      await api().get('/guarded-only').set('Cookie', cookie).expect(200);
    });

    it('takes only an identity set by logIn(), never a data key', async () => {
      t = await createTestApp({}, undefined, { platform });
      for (const value of ['ann', 42]) {
        // userId is no data key: assigning it throws (500) and nothing is stored.
        const refused = await api().put('/value/userId').send({ value });
        expect(refused.status).toBe(500);
        expect(refused.headers['set-cookie']).toBeUndefined();
      }
      const cookie = cookieHeaderFrom(
        await api().put('/data').send({ user: 'ann', username: 'ann' }).expect(200),
      );
      await api().get('/guarded-only').set('Cookie', cookie).expect(401);
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann' }).expect(200),
      );
      await api().get('/guarded-only').set('Cookie', user).expect(200);
    });

    it('can be subclassed: the protected isAuthenticated hook decides', async () => {
      @Injectable()
      class AdminGuard extends SessionGuard {
        protected override isAuthenticated(session: Session): boolean {
          return session['role'] === 'admin';
        }
      }
      @Controller('admin')
      class AdminController {
        @Get()
        @UseGuards(AdminGuard)
        read(): { ok: true } {
          return { ok: true };
        }
      }
      t = await createTestApp({}, [ProbeController, AdminController], { platform });
      const cookie = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann' }).expect(200),
      );
      await api().get('/admin').set('Cookie', cookie).expect(401);
      await api().put('/value/role').set('Cookie', cookie).send({ value: 'admin' }).expect(200);
      await api().get('/admin').set('Cookie', cookie).expect(200);
    });
  });

  describe('idle timeout with activity', () => {
    it('keeps a session alive past idleTimeout while requests keep coming (touchAfter respected)', async () => {
      // Requests 1.2 s apart for 6 s, twice the idle timeout: each extends the session (touchAfter
      // 1 s), with 1.8 s to spare for a slow request on a loaded machine.
      t = await createTestApp({ idleTimeout: 3, touchAfter: 1 }, undefined, { platform });
      const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
      for (let i = 0; i < 5; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 1200));
        await api().get('/data').set('Cookie', cookie).expect(200, { k: 1 });
      }
    });
  });

  /**
   * An app with `options` (and touchAfter 0), its repository, and `{ k: 1 }` stored through it under a
   * new key with the times `timesAt(now)`.
   */
  async function storedDirectly(
    options: Partial<DynamoSessionModuleOptions>,
    timesAt: (now: number) => SessionTimes,
  ) {
    t = await createTestApp({ ...options, touchAfter: 0 }, undefined, { platform });
    const repository = t.app.get<SessionRepository>(SessionRepository);
    const key = sessionKey(generateSessionId());
    const now = Date.now();
    await repository.create(key, { k: 1 }, timesAt(now));
    return { repository, key, now };
  }

  describe('an older version writing the same table (a rolling deploy, a rollback)', () => {
    it('keeps a session an older version extended past the exact end this version wrote, while unsealed items are accepted (upgrading)', async () => {
      // Written by this version: ends exactly 700 ms from now. The older version's extension does not
      // move the end seal: it counts only while upgrading (`unsealedItems: 'accept'`).
      const options = { idleTimeout: 600, unsealedItems: 'accept' } as const;
      const { repository, key, now } = await storedDirectly(options, (at) => ({
        createdAt: at,
        touchedAt: at,
        expiresAt: at + 700,
      }));
      // An older version extends it, as it writes every extension: only the TTL second and touchedAt.
      await t.client.send(
        new UpdateItemCommand({
          TableName: t.tableName,
          Key: { id: { S: key } },
          UpdateExpression: 'SET expires = :later, touchedAt = :now',
          ExpressionAttributeValues: {
            ':later': { N: String(Math.ceil((now + 600_000) / 1000)) },
            ':now': { N: String(now + 1) },
          },
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 800));
      // Past the exact end this version wrote, but within the end the older version gave it: live.
      expect((await repository.get(key))?.data).toEqual({ k: 1 });
      const times = { createdAt: now, touchedAt: Date.now(), expiresAt: Date.now() + 600_000 };
      expect(
        await repository.update(key, { set: { k: 2 }, remove: [], data: { k: 2 } }, times),
      ).toBe(true);
      expect((await repository.get(key))?.data).toEqual({ k: 2 });
    });
  });

  describe('the conditional write, to the millisecond', () => {
    it('refuses to update a session whose idle timeout passed a moment ago, within the same second', async () => {
      // Expires 100 ms from now by its idle timeout; its TTL attribute is rounded up to the second.
      const { repository, key, now } = await storedDirectly({ idleTimeout: 1 }, (at) => ({
        createdAt: at - 900,
        touchedAt: at - 900,
        expiresAt: at + 100,
      }));
      await new Promise((resolve) => setTimeout(resolve, 150));
      const times = { createdAt: now - 900, touchedAt: Date.now(), expiresAt: Date.now() + 1000 };
      expect(
        await repository.update(key, { set: { k: 2 }, remove: [], data: { k: 2 } }, times),
      ).toBe(false);
      expect((await getItem(t.client, t.tableName, key))?.['data']).toEqual({ k: 1 });
    });
  });

  describe('@UseSession()', () => {
    /** A method decorator that replaces the handler function, as logging or tracing decorators do. */
    const Wrapped = (): MethodDecorator => (_target, _key, descriptor: PropertyDescriptor) => {
      const original = descriptor.value as (...args: unknown[]) => unknown;
      descriptor.value = function wrapped(this: unknown, ...args: unknown[]) {
        return original.apply(this, args);
      };
    };

    @Controller('wrapped')
    class WrappedController {
      @Get('plain')
      @Wrapped()
      plain(@Session() session: Session): Record<string, unknown> {
        session['seen'] = true;
        return { ...session };
      }

      @Get('marked')
      @UseSession()
      @Wrapped()
      marked(@Session() session: Session): Record<string, unknown> {
        session['seen'] = true;
        return { ...session };
      }
    }

    @Controller('whole')
    @UseSession()
    class WholeController {
      @Get()
      @Wrapped()
      read(@Session() session: Session): Record<string, unknown> {
        session['seen'] = true;
        return { ...session };
      }
    }

    it('loads the session for a handler another decorator replaced, on the handler or the controller', async () => {
      t = await createTestApp({}, [WrappedController, WholeController], { platform });
      await api().get('/wrapped/plain').expect(500);
      expect(t.logger.lines.join('\n')).toContain('or add @UseSession() to the handler');
      const marked = await api().get('/wrapped/marked').expect(200, { seen: true });
      expect(sessionCookie(marked)).toBeDefined();
      await api().get('/whole').expect(200, { seen: true });
    });
  });

  describe('secret rotation', () => {
    it('reads a cookie signed with an old secret and re-signs it with the current one, without a write; the next write seals the item anew', async () => {
      const oldSecret = 'old-secret-that-is-at-least-32-characters!!';
      const first = await createTestApp({ secret: oldSecret }, undefined, { platform });
      const stored = await request(first.app.getHttpServer())
        .put('/value/k')
        .send({ value: 1 })
        .expect(200);
      const oldCookie = cookieHeaderFrom(stored);
      await first.close();

      t = await createTestApp(
        { secret: [TEST_SECRET, oldSecret], tableName: first.tableName },
        undefined,
        { platform },
      );
      const rotated = await api().get('/data').set('Cookie', oldCookie).expect(200, { k: 1 });
      expect(t.client.calls).toEqual(['GetItem']);
      const newCookie = cookieHeaderFrom(rotated);
      expect(idFrom(newCookie)).toBe(sessionIdFrom(oldCookie, oldSecret));
      // Re-signed with the current secret, and the item sealed anew by its next write: it needs the
      // old secret no more.
      await api().put('/value/k').set('Cookie', newCookie).send({ value: 2 }).expect(200);
      await t.close();
      t = await createTestApp({ tableName: first.tableName }, undefined, { platform });
      await api().get('/data').set('Cookie', newCookie).expect(200, { k: 2 });
    });
  });
});
