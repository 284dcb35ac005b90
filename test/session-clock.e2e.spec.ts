import request from 'supertest';
import { SessionRepository, type SessionClock } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { getItem } from './support/dynamodb.js';
import { createTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';

/** Far from the real time, so a time read from Date.now() instead of the clock shows. */
const START = Date.parse('2031-03-04T05:06:07.000Z');

describe('the SessionClock token: every time the module reads comes from it', () => {
  let t: TestApp;
  let now: number;
  const clock: SessionClock = { now: () => now };
  const api = () => request(t.app.getHttpServer());
  const keyOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));
  const repository = () => t.app.get<SessionRepository>(SessionRepository);

  beforeEach(async () => {
    now = START;
    t = await createTestApp(
      { idleTimeout: 600, absoluteTimeout: 3600, touchAfter: 60 },
      undefined,
      { clock },
    );
  });
  afterEach(async () => {
    await t.close();
  });

  it('writes the times of the clock (the manager, logIn and the repository)', async () => {
    const guest = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }).expect(200));
    expect(await getItem(t.client, t.tableName, keyOf(guest))).toMatchObject({
      createdAt: START,
      touchedAt: START,
      expires: Math.ceil((START + 600_000) / 1000),
    });
    now += 5000;
    const user = cookieHeaderFrom(
      await api().post('/login').set('Cookie', guest).send({ username: 'ann' }).expect(200),
    );
    const { sessions } = await repository().listByUser('ann');
    expect(sessions).toEqual([
      expect.objectContaining({
        key: keyOf(user),
        createdAt: START + 5000,
        touchedAt: START + 5000,
      }),
    ]);
  });

  it('a session ends when the clock passes its idle timeout, with no real wait', async () => {
    const cookie = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }).expect(200));
    now += 599_000;
    await api().get('/value/a').set('Cookie', cookie).expect(200, { value: 1 });
    // That read touched it (touchAfter had passed): idle time counts from START + 599 s.
    now += 599_000;
    await api().get('/value/a').set('Cookie', cookie).expect(200, { value: 1 });
    now += 601_000;
    await api().get('/value/a').set('Cookie', cookie).expect(200, { value: null });
  });

  it('the repository reads the clock: a session past its expiry by the clock is gone', async () => {
    const cookie = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }).expect(200));
    await expect(repository().get(keyOf(cookie))).resolves.toMatchObject({ data: { a: 1 } });
    now += 600_001;
    await expect(repository().get(keyOf(cookie))).resolves.toBeUndefined();
  });
});
