import request from 'supertest';
import type { SessionEvent } from '../src/index.js';
import { TestClock } from '../src/testing/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

const handleOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

describe.each(PLATFORMS)('session events through onSessionEvent (%s)', (platform) => {
  let t: TestApp;
  let events: SessionEvent[];
  const clock = new TestClock();
  const api = () => request(t.app.getHttpServer());
  /** The events since the last call, as `type userId handle` (handles by the cookie they belong to). */
  const heard = (): SessionEvent[] => events.splice(0);

  beforeEach(async () => {
    events = [];
    t = await createTestApp(
      { idleTimeout: 600, onSessionEvent: (event) => void events.push(event) },
      undefined,
      { platform, clock },
    );
  });
  afterEach(async () => {
    await t.close();
  });

  it('created, loggedIn, renewed, loggedOut and destroyed, each once saved, by handle and time, never the id', async () => {
    const guest = cookieHeaderFrom(
      await api()
        .put('/value/cart')
        .send({ value: ['apple'] })
        .expect(200),
    );
    expect(heard()).toEqual([
      { type: 'created', userId: undefined, handle: handleOf(guest), at: clock.now() },
    ]);
    // A read that changes nothing is no event.
    await api().get('/data').set('Cookie', guest).expect(200);
    expect(heard()).toEqual([]);

    const ann = cookieHeaderFrom(
      await api().post('/login').set('Cookie', guest).send({ username: 'ann' }).expect(200),
    );
    expect(heard()).toEqual([
      { type: 'loggedIn', userId: 'ann', handle: handleOf(ann), at: clock.now() },
    ]);
    clock.advance(1000);
    const renewed = cookieHeaderFrom(
      await api().post('/regenerate').set('Cookie', ann).expect(200),
    );
    expect(heard()).toEqual([
      { type: 'renewed', userId: 'ann', handle: handleOf(renewed), at: clock.now() },
    ]);
    await api().post('/log-out').set('Cookie', renewed).send({ keepData: true }).expect(200);
    const [loggedOut, ...rest] = heard();
    expect(rest).toEqual([]);
    expect(loggedOut).toEqual({
      type: 'loggedOut',
      userId: 'ann',
      handle: handleOf(renewed),
      at: clock.now(),
    });

    const bob = cookieHeaderFrom(await api().post('/login').send({ username: 'bob' }).expect(200));
    expect(heard().map((event) => event.type)).toEqual(['created', 'loggedIn']);
    await api().post('/logout').set('Cookie', bob).expect(204);
    expect(heard()).toEqual([
      { type: 'destroyed', userId: 'bob', handle: handleOf(bob), at: clock.now() },
    ]);
    for (const event of events)
      expect(JSON.stringify(event)).not.toContain(sessionIdFrom(bob, TEST_SECRET));
  });

  it('expired: a request that finds its session past its end (before TTL deletes it)', async () => {
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'cy' }).expect(200),
    );
    heard();
    clock.advance(601_000);
    await api().get('/me').set('Cookie', cookie).expect(401);
    expect(heard()).toEqual([
      { type: 'expired', userId: 'cy', handle: handleOf(cookie), at: clock.now() },
    ]);
  });

  it('revoked: a request that finds its session ended by notBefore', async () => {
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'dot' }).expect(200),
    );
    const { tableName } = t;
    await t.close();
    clock.advance(1000);
    t = await createTestApp(
      { tableName, notBefore: new Date(clock.now()), onSessionEvent: (e) => void events.push(e) },
      undefined,
      { platform, clock },
    );
    heard();
    await api().get('/me').set('Cookie', cookie).expect(401);
    expect(heard()).toEqual([
      { type: 'revoked', userId: 'dot', handle: handleOf(cookie), at: clock.now() },
    ]);
  });

  it('a change that is not saved is no event: a failed handler discards a login', async () => {
    await api().post('/throw-after/login').send({}).expect(400);
    expect(heard()).toEqual([]);
  });
});

describe('a session event listener that throws', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('listener down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('listener down'))],
  ] as const)('never fails the request when it %s: it is logged', async (_case, listener) => {
    t = await createTestApp({ onSessionEvent: listener });
    const response = await request(t.app.getHttpServer())
      .post('/login')
      .send({ username: 'dee' })
      .expect(200);
    await request(t.app.getHttpServer())
      .get('/me')
      .set('Cookie', cookieHeaderFrom(response))
      .expect(200, { userId: 'dee' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.logger.lines.join('\n')).toMatch(
      /A session event listener failed on "(created|loggedIn)": Error: listener down/,
    );
  });
});
