import request from 'supertest';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { getItem } from './support/dynamodb.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

const keyOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

describe.each(PLATFORMS)('the identity: session.logIn(), logOut(), userId (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());
  const item = (cookie: string) => getItem(t.client, t.tableName, keyOf(cookie));

  beforeEach(async () => {
    t = await createTestApp({}, undefined, { platform });
  });
  afterEach(async () => {
    await t.close();
  });

  async function login(username: string, cookie?: string): Promise<string> {
    const call = api().post('/login').send({ username });
    if (cookie !== undefined) call.set('Cookie', cookie);
    return cookieHeaderFrom(await call.expect(200));
  }

  it('logIn() renews the id and stores the identity as the top-level attribute, not as data', async () => {
    const guest = cookieHeaderFrom(
      await api()
        .put('/value/cart')
        .send({ value: ['apple'] }),
    );
    const user = await login('ann', guest);
    expect(keyOf(user)).not.toBe(keyOf(guest));
    await api().get('/me').set('Cookie', user).expect(200, { userId: 'ann' });
    const stored = await item(user);
    expect(stored?.['userId']).toBe('ann');
    expect(stored?.['data']).toEqual({ cart: ['apple'] });
    await api()
      .get('/data')
      .set('Cookie', user)
      .expect(200, { cart: ['apple'] });
    expect(await item(guest)).toBeUndefined();
  });

  it('no client input copied into the session can log anyone in or change who is logged in', async () => {
    // The handler does Object.assign(session, body): a userId in the body throws, nothing is stored.
    const forged = await api().put('/data').send({ userId: 'admin', x: 1 });
    expect(forged.status).toBe(500);
    expect(forged.headers['set-cookie']).toBeUndefined();
    expect(t.logger.lines.join('\n')).toContain('session.userId is read-only');

    const ann = await login('ann');
    expect((await api().put('/data').set('Cookie', ann).send({ userId: 'bob' })).status).toBe(500);
    await api().put('/value/userId').set('Cookie', ann).send({ value: 'bob' }).expect(500);
    await api().get('/me').set('Cookie', ann).expect(200, { userId: 'ann' });
    expect((await item(ann))?.['userId']).toBe('ann');
  });

  it('logOut() renews the id and clears the identity; the data goes unless keepData', async () => {
    const ann = await login('ann');
    await api()
      .put('/value/cart')
      .set('Cookie', ann)
      .send({ value: ['pear'] })
      .expect(200);
    const guest = cookieHeaderFrom(
      await api().post('/log-out').set('Cookie', ann).send({ keepData: true }).expect(200),
    );
    expect(keyOf(guest)).not.toBe(keyOf(ann));
    await api().get('/me').set('Cookie', guest).expect(401);
    await api().get('/me').set('Cookie', ann).expect(401);
    const stored = await item(guest);
    expect(stored?.['userId']).toBeUndefined();
    expect(stored?.['data']).toEqual({ cart: ['pear'] });

    const bob = await login('bob');
    await api().post('/log-out').set('Cookie', bob).send({}).expect(200);
    await api().get('/me').set('Cookie', bob).expect(401);
    expect(await item(bob)).toBeUndefined();
  });

  it('regenerate() and a repeated logIn() keep the creation time; a new identity restarts it', async () => {
    const guest = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
    const guestCreated = Number((await item(guest))?.['createdAt']);
    await waitPast(guestCreated);

    const ann = await login('ann', guest);
    const annCreated = Number((await item(ann))?.['createdAt']);
    expect(annCreated).toBeGreaterThan(guestCreated); // a guest logging in: a new lifetime
    await waitPast(annCreated);

    const again = await login('ann', ann);
    expect(Number((await item(again))?.['createdAt'])).toBe(annCreated);
    const renewed = cookieHeaderFrom(
      await api().post('/regenerate').set('Cookie', again).expect(200),
    );
    expect(keyOf(renewed)).not.toBe(keyOf(again));
    const stored = await item(renewed);
    expect(Number(stored?.['createdAt'])).toBe(annCreated);
    expect(stored?.['userId']).toBe('ann');
    await api().get('/me').set('Cookie', renewed).expect(200, { userId: 'ann' });

    const bob = await login('bob', renewed);
    expect(Number((await item(bob))?.['createdAt'])).toBeGreaterThan(annCreated);
  });

  it('refuses a user id that is not a non-empty string, storing nothing', async () => {
    for (const username of ['', 42, null, 'x'.repeat(1025)]) {
      const response = await api().post('/login').send({ username });
      expect(response.status).toBe(500);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(t.logger.lines.join('\n')).toContain(
      'session.logIn(userId): userId must be a non-empty string of at most 1024 characters',
    );
  });
});

/** Waits until the clock has moved past `time` (ms), so a later creation time is distinguishable. */
async function waitPast(time: number): Promise<void> {
  while (Date.now() <= time) await new Promise((resolve) => setTimeout(resolve, 2));
}
