import request from 'supertest';
import { SessionRepository } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie, sessionIdFrom } from './support/cookies.js';
import { getItem, localEndpoint, scanTable } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { PassportController, passportSetup } from './support/passport-app.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

describe.each(PLATFORMS)(
  'Passport (@nestjs/passport, passport-local) on the session, on %s',
  (platform) => {
    let t: TestApp;
    let proxy: FaultProxy | undefined;
    const api = () => request(t.app.getHttpServer());
    const keyOf = (cookie: string) => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

    beforeEach(async () => {
      t = await createTestApp({}, [PassportController], { ...passportSetup, platform });
    });
    afterEach(async () => {
      await t.close();
      await proxy?.close();
      proxy = undefined;
    });

    async function guestWithCart(): Promise<string> {
      return cookieHeaderFrom(
        await api()
          .put('/value/cart')
          .send({ value: ['apple'] })
          .expect(200),
      );
    }

    it('req.login() regenerates: a new id and cookie, the old item gone and its cookie worthless, the data kept', async () => {
      const guest = await guestWithCart();
      const login = await api()
        .post('/login')
        .set('Cookie', guest)
        .send({ username: 'ann', password: 'ann-password' })
        .expect(200);
      expect(login.body).toEqual({ user: { id: 'u-ann', name: 'Ann' } });
      const user = cookieHeaderFrom(login);
      expect(user).not.toBe(guest);

      expect(await getItem(t.client, t.tableName, keyOf(guest))).toBeUndefined();
      const item = await getItem(t.client, t.tableName, keyOf(user));
      // The serialized user is the identity (the user index's key), not a data key.
      expect(item?.['userId']).toBe('u-ann');
      expect(item?.['data']).toEqual({ cart: ['apple'] });

      // Fixation: the old cookie names no session any more.
      const old = await api().get('/whoami').set('Cookie', guest).expect(200);
      expect(old.body).toEqual({ user: null, userId: null });
    });

    it('later requests get req.user deserialized, with one GetItem and no write', async () => {
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ben', password: 'ben-password' }).expect(200),
      );
      t.client.reset();
      const me = await api().get('/whoami').set('Cookie', user).expect(200);
      expect(me.body).toEqual({ user: { id: 'u-ben', name: 'Ben' }, userId: 'u-ben' });
      expect(t.client.calls).toEqual(['GetItem']);
      expect(sessionCookie(me)).toBeUndefined();
    });

    it('writes only the changed keys of a Passport session', async () => {
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann', password: 'ann-password' }).expect(200),
      );
      await api().put('/value/a').set('Cookie', user).send({ value: 1 }).expect(200);
      t.client.reset();
      await api().put('/value/b').set('Cookie', user).send({ value: 2 }).expect(200);
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
      const update = JSON.stringify(t.client.sent[1]?.input);
      expect(update).toContain('"b"');
      expect(update).not.toMatch(/"a"|passport|u-ann/);
    });

    it('a route guarded by req.isAuthenticated() lets the logged-in user in, with req.user, and no one else', async () => {
      await api().get('/profile').expect(403);
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ben', password: 'ben-password' }).expect(200),
      );
      await api()
        .get('/profile')
        .set('Cookie', user)
        .expect(200, { user: { id: 'u-ben', name: 'Ben' } });
      await api().post('/logout').set('Cookie', user).expect(204);
      await api().get('/profile').set('Cookie', user).expect(403);
    });

    it('req.logout() ends the session: the item deleted, the cookie cleared', async () => {
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann', password: 'ann-password' }).expect(200),
      );
      const logout = await api().post('/logout').set('Cookie', user).expect(204);
      expect(sessionCookie(logout)?.value).toBe('');
      expect(String(logout.headers['set-cookie'])).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
      const after = await api().get('/whoami').set('Cookie', user).expect(200);
      expect(after.body).toEqual({ user: null, userId: null });
    });

    it.each([
      ['a wrong password', { username: 'ann', password: 'ben-password' }],
      ['an unknown user', { username: 'zed', password: 'ann-password' }],
      ['no password', { username: 'ann' }],
    ])('answers 401 for %s, leaving the guest session as it was', async (_case, body) => {
      const guest = await guestWithCart();
      const response = await api().post('/login').set('Cookie', guest).send(body).expect(401);
      expect(sessionCookie(response)).toBeUndefined();
      const items = await scanTable(t.client, t.tableName);
      expect(items).toHaveLength(1);
      expect(items[0]?.['userId']).toBeUndefined();
      expect(items[0]?.['data']).toEqual({ cart: ['apple'] });
    });

    it('a session whose user deserializeUser no longer finds is logged out, as Passport does', async () => {
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'gus', password: 'gus-password' }).expect(200),
      );
      const after = await api().get('/whoami').set('Cookie', user).expect(200);
      expect(after.body).toEqual({ user: null, userId: null });
      // Logged out: a new id, no identity; nothing to keep, so the item is gone.
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it.each([
      ['at once', 'ola', 'u-ola', 'Ola'],
      ['later (done called asynchronously)', 'ivy', 'u-ivy', 'Ivy'],
    ])(
      'a serializeUser that gives the whole user %s logs in: its id is the identity, the user comes back whole',
      async (_when, username, id, name) => {
        const guest = await guestWithCart();
        const login = await api()
          .post('/login')
          .set('Cookie', guest)
          .send({ username, password: `${username}-password` })
          .expect(200, { user: { id, name } });
        const cookie = cookieHeaderFrom(login);
        const item = await getItem(t.client, t.tableName, keyOf(cookie));
        expect(item?.['userId']).toBe(id);
        // Kept with the data as express-session keeps it, the cart too.
        expect(item?.['data']).toEqual({ cart: ['apple'], passport: { user: { id, name } } });
        await api()
          .get('/whoami')
          .set('Cookie', cookie)
          .expect(200, { user: { id, name }, userId: id });
        // "List my sessions" and "log out everywhere" find it by that identity.
        const repository = t.app.get<SessionRepository>(SessionRepository);
        expect((await repository.listByUser(id)).sessions).toHaveLength(1);
        await repository.destroyByUser(id);
        await api().get('/whoami').set('Cookie', cookie).expect(200, { user: null, userId: null });
      },
    );

    it('a second whole-user login renews the session; a logout then drops the kept user with the identity', async () => {
      const first = await api()
        .post('/login')
        .send({ username: 'ola', password: 'ola-password' })
        .expect(200);
      // Passport copies the data over the regenerate (keepSessionInfo): the kept user is not data to copy.
      const login = await api()
        .post('/login')
        .set('Cookie', cookieHeaderFrom(first))
        .send({ username: 'ivy', password: 'ivy-password' })
        .expect(200, { user: { id: 'u-ivy', name: 'Ivy' } });
      const item = await getItem(t.client, t.tableName, keyOf(cookieHeaderFrom(login)));
      expect(item?.['userId']).toBe('u-ivy');
      expect(item?.['data']).toEqual({ passport: { user: { id: 'u-ivy', name: 'Ivy' } } });
      const logout = await api().post('/logout').set('Cookie', cookieHeaderFrom(login)).expect(204);
      expect(sessionCookie(logout)?.value).toBe('');
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it('the same user logging in again proved who they are: a later authentication, sealed with the item', async () => {
      const first = await api()
        .post('/login')
        .send({ username: 'ivy', password: 'ivy-password' })
        .expect(200);
      const firstItem = await getItem(t.client, t.tableName, keyOf(cookieHeaderFrom(first)));
      expect(firstItem?.['authenticatedAt']).toBeUndefined(); // a new identity: its creation says it
      await new Promise((resolve) => setTimeout(resolve, 5));
      const again = await api()
        .post('/login')
        .set('Cookie', cookieHeaderFrom(first))
        .send({ username: 'ivy', password: 'ivy-password' })
        .expect(200);
      const item = await getItem(t.client, t.tableName, keyOf(cookieHeaderFrom(again)));
      expect(item?.['createdAt']).toBe(firstItem?.['createdAt']);
      expect(Number(item?.['authenticatedAt'])).toBeGreaterThan(Number(item?.['createdAt']));
      await api()
        .get('/whoami')
        .set('Cookie', cookieHeaderFrom(again))
        .expect(200, { user: { id: 'u-ivy', name: 'Ivy' }, userId: 'u-ivy' });
    });

    it('a whole user without an id fails the login (500), naming userIdOf, stores nothing, and the app serves on', async () => {
      const guest = await guestWithCart();
      await api()
        .post('/login')
        .set('Cookie', guest)
        .send({ username: 'nox', password: 'nox-password' })
        .expect(500);
      expect(t.logger.lines.join('\n')).toMatch(
        /serializeUser gave an object with no id.*userIdOf/,
      );
      const items = await scanTable(t.client, t.tableName);
      expect(items.map((item) => [item['id'], item['userId']])).toEqual([
        [keyOf(guest), undefined],
      ]);
      await api().get('/whoami').set('Cookie', guest).expect(200, { user: null, userId: null });
    });

    it('a login costs one GetItem and the writes of session.logIn(); its guards and handler share the session', async () => {
      proxy = await FaultProxy.start(localEndpoint());
      await t.close();
      t = await createTestApp(
        { endpoint: proxy.endpoint, region: 'us-east-1' },
        [PassportController],
        { ...passportSetup, platform },
      );
      const guest = await guestWithCart();
      proxy.operations.length = 0;
      proxy.getItems.length = 0;
      await api()
        .post('/login')
        .set('Cookie', guest)
        .send({ username: 'ann', password: 'ann-password' })
        .expect(200);
      expect(proxy.operations.filter((operation) => operation === 'GetItem')).toEqual(['GetItem']);
      // As session.logIn(): the user's recent-logins bucket, then the replace of the guest item.
      expect(proxy.operations).toEqual(['GetItem', 'UpdateItem', 'TransactWriteItems']);
      // Passport decides req.user on that read: strongly consistent, even with consistentRead 'auto'
      // and a cookie carrying a write mark (which an unguarded route would read eventually).
      expect(proxy.getItems.map((get) => get.consistent)).toEqual([true]);
    });

    it('a store outage during the login answers 503 and saves nothing: the guest session stays, no user is stored', async () => {
      proxy = await FaultProxy.start(localEndpoint());
      await t.close();
      t = await createTestApp(
        { endpoint: proxy.endpoint, region: 'us-east-1', maxAttempts: 1, requestTimeout: 3_000 },
        [PassportController],
        { ...passportSetup, platform },
      );
      const guest = await guestWithCart();
      proxy.mode = 'throttle';
      proxy.faultOnly = ['TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem'];
      const response = await api()
        .post('/login')
        .set('Cookie', guest)
        .send({ username: 'ann', password: 'ann-password' })
        .expect(503);
      expect(response.headers['retry-after']).toBeDefined();
      expect(sessionCookie(response)).toBeUndefined();
      proxy.heal();
      const items = await scanTable(t.client, t.tableName);
      expect(items).toHaveLength(1);
      expect(items[0]?.['id']).toBe(keyOf(guest));
      expect(items[0]?.['userId']).toBeUndefined();
      expect(items[0]?.['data']).toEqual({ cart: ['apple'] });
    });

    it.each([false, true])(
      'a store outage when the session is read answers 503 before Passport runs (failOpen: %s)',
      async (failOpen) => {
        proxy = await FaultProxy.start(localEndpoint());
        await t.close();
        t = await createTestApp(
          { endpoint: proxy.endpoint, region: 'us-east-1', maxAttempts: 1, failOpen },
          [PassportController],
          { ...passportSetup, platform },
        );
        const guest = await guestWithCart();
        proxy.mode = 'throttle';
        const response = await api().get('/whoami').set('Cookie', guest).expect(503);
        expect(response.body.message).toBe('The session store is unavailable; try again shortly.');
        expect(response.headers['retry-after']).toBeDefined();
      },
    );
  },
);
