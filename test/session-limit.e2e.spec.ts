import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SessionRepository, type SessionEvent } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { TestClock } from '../src/testing/index.js';
import { cookieHeaderFrom } from './support/cookies.js';
import { localEndpoint } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { createTestApp, PLATFORMS, type TestApp } from './support/test-app.js';

/** How many of the cookies still open a session (GET /me answers 200), and the others' statuses. */
async function liveCookies(t: TestApp, cookies: readonly string[]): Promise<number[]> {
  return Promise.all(
    cookies.map(
      async (cookie) =>
        (await request(t.app.getHttpServer()).get('/me').set('Cookie', cookie)).status,
    ),
  );
}

describe.each(PLATFORMS)('maxSessionsPerUser (%s)', (platform) => {
  let proxy: FaultProxy;
  let t: TestApp;
  let events: SessionEvent[];
  const clock = new TestClock();
  const api = () => request(t.app.getHttpServer());
  const logIn = (username: string) => api().post('/login').send({ username });

  async function open(options: Record<string, unknown>): Promise<void> {
    proxy = await FaultProxy.start(localEndpoint());
    // The user index lags: its newest entry is missing from every answer (the limit must not need it).
    proxy.dropNewestFromQueries = true;
    events = [];
    t = await createTestApp(
      {
        endpoint: proxy.endpoint,
        region: 'us-east-1',
        requestTimeout: 10_000,
        idleTimeout: 600,
        onSessionEvent: (event) => void events.push(event),
        ...options,
      },
      undefined,
      { platform, clock },
    );
  }
  /** The app again on the same table and proxy, with other options. */
  async function reopen(options: Record<string, unknown>): Promise<void> {
    const { tableName } = t;
    await t.close();
    t = await createTestApp(
      {
        endpoint: proxy.endpoint,
        region: 'us-east-1',
        requestTimeout: 10_000,
        idleTimeout: 600,
        onSessionEvent: (event: SessionEvent) => void events.push(event),
        tableName,
        ...options,
      },
      undefined,
      { platform, clock },
    );
    Object.defineProperty(t, 'tableName', { value: tableName });
  }
  afterEach(async () => {
    await t.close();
    await proxy.close();
  });

  it('evict-oldest: 20 parallel logins of one user leave 3 live sessions; every evicted cookie gets 401 (a revoked event each)', async () => {
    await open({ maxSessionsPerUser: 3 });
    const logins = await Promise.all(Array.from({ length: 20 }, () => logIn('ann')));
    expect(logins.map((response) => response.status)).toEqual(Array(20).fill(200));
    const statuses = await liveCookies(
      t,
      logins.map((response) => cookieHeaderFrom(response)),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 401)).toHaveLength(17);
    expect(events.filter((event) => event.type === 'revoked')).toHaveLength(17);
  });

  it('holds as well for logins from guest sessions (the regenerate path): 10 in parallel leave 3 live', async () => {
    await open({ maxSessionsPerUser: 3 });
    const guests = await Promise.all(
      Array.from({ length: 10 }, async (_, i) =>
        cookieHeaderFrom(
          await api()
            .put('/value/cart')
            .send({ value: [`item-${i}`] })
            .expect(200),
        ),
      ),
    );
    const logins = await Promise.all(
      guests.map((guest) => api().post('/login').set('Cookie', guest).send({ username: 'ida' })),
    );
    expect(logins.map((response) => response.status)).toEqual(Array(10).fill(200));
    const statuses = await liveCookies(
      t,
      logins.map((response) => cookieHeaderFrom(response)),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    // The guests' sessions were replaced by the logins: none is left, and each login kept its cart.
    for (const guest of guests) {
      const { body } = await api().get('/data').set('Cookie', guest).expect(200);
      expect(body).not.toHaveProperty('cart');
    }
    const carts = await Promise.all(
      logins.map(
        async (response) =>
          (await api().get('/data').set('Cookie', cookieHeaderFrom(response))).body as {
            cart?: string[];
          },
      ),
    );
    expect(carts.filter((data) => data.cart !== undefined)).toHaveLength(3);
  });

  it('evict-oldest: one login after another, the newest 3 survive', async () => {
    await open({ maxSessionsPerUser: 3 });
    const cookies: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      cookies.push(cookieHeaderFrom(await logIn('bo').expect(200)));
      clock.advance(1000);
    }
    expect(await liveCookies(t, cookies)).toEqual([401, 401, 200, 200, 200]);
  });

  it('refuse: exactly 3 of 20 parallel logins succeed, the others answer 409 SESSION_LIMIT; ended sessions free their slot', async () => {
    await open({ maxSessionsPerUser: 3, onLimit: 'refuse' });
    const logins = await Promise.all(Array.from({ length: 20 }, () => logIn('cy')));
    const ok = logins.filter((response) => response.status === 200);
    const refused = logins.filter((response) => response.status === 409);
    expect([ok.length, refused.length]).toEqual([3, 17]);
    for (const response of refused)
      expect(response.body).toMatchObject({ statusCode: 409, code: 'SESSION_LIMIT' });
    const cookies = ok.map((response) => cookieHeaderFrom(response));
    expect(await liveCookies(t, cookies)).toEqual([200, 200, 200]);

    // A logout frees a slot: one more login, then the limit again.
    await api()
      .post('/logout')
      .set('Cookie', cookies[0] as string)
      .expect(204);
    await logIn('cy').expect(200);
    await logIn('cy').expect(409);
    // Sessions past their end do not count.
    clock.advance(601_000);
    for (let i = 0; i < 3; i += 1) await logIn('cy').expect(200);
    await logIn('cy').expect(409);
    // Another user has a limit of their own.
    await logIn('dee').expect(200);
  });

  it('a login without the option costs what it costs today; with it, a consistent read and one transaction', async () => {
    await open({});
    let before = proxy.operations.length;
    await logIn('eve').expect(200);
    expect(proxy.operations.slice(before)).toEqual(['UpdateItem', 'PutItem']);
    await reopen({ maxSessionsPerUser: 3 });
    // The user's first count finds the sessions stored before the limit (user index, recent logins).
    before = proxy.operations.length;
    await logIn('eve').expect(200);
    expect(proxy.operations.slice(before)).toEqual([
      'GetItem', // the slots item: none yet
      'BatchGetItem', // the recent logins
      'Query', // the user index
      'BatchGetItem', // the sessions found
      'UpdateItem', // this login noted in the recent logins
      'TransactWriteItems',
    ]);
    before = proxy.operations.length;
    await logIn('eve').expect(200);
    expect(proxy.operations.slice(before)).toEqual(['GetItem', 'UpdateItem', 'TransactWriteItems']);
  });

  it('counts the sessions stored before the limit was on: the first limited login evicts the oldest', async () => {
    await open({});
    const before: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      before.push(cookieHeaderFrom(await logIn('fay').expect(200)));
      clock.advance(1000);
    }
    await reopen({ maxSessionsPerUser: 2 });
    const after = cookieHeaderFrom(await logIn('fay').expect(200));
    expect(await liveCookies(t, [...before, after])).toEqual([401, 401, 200, 200]);
  });

  it('a refused login writes nothing, and a refused first count is kept (the next login does not count again)', async () => {
    await open({});
    await logIn('jo').expect(200);
    await logIn('jo').expect(200);
    await reopen({ maxSessionsPerUser: 2, onLimit: 'refuse' });
    let before = proxy.operations.length;
    await logIn('jo').expect(409);
    expect(proxy.operations.slice(before)).toEqual([
      'GetItem',
      'BatchGetItem',
      'Query',
      'BatchGetItem',
      'PutItem', // the first count, kept
    ]);
    before = proxy.operations.length;
    await logIn('jo').expect(409);
    // Over the limit as recorded: the recorded sessions are read again to let ended ones go.
    expect(proxy.operations.slice(before)).toEqual(['GetItem', 'BatchGetItem']);
  });

  it('a first count of more sessions than one login can end: the oldest beyond it end at once, 90 more per login', async () => {
    await open({});
    const repository = t.app.get<SessionRepository>(SessionRepository);
    const keys = Array.from({ length: 95 }, () =>
      sessionKey(randomBytes(32).toString('base64url')),
    );
    for (const key of keys) {
      const now = clock.now();
      await repository.create(
        key,
        {},
        { createdAt: now, touchedAt: now, expiresAt: now + 600_000 },
        { userId: 'kim' },
      );
      clock.advance(10);
    }
    await reopen({ maxSessionsPerUser: 1 });
    const live = async () => {
      const stored = t.app.get<SessionRepository>(SessionRepository);
      const found = await Promise.all(keys.map((key) => stored.get(key)));
      return keys.filter((_, i) => found[i] !== undefined);
    };
    const first = cookieHeaderFrom(await logIn('kim').expect(200));
    // 95 counted: the newest 91 recorded, the oldest 4 ended at once; 90 of the recorded evicted.
    expect(await live()).toEqual([keys[94]]);
    expect(events.filter((event) => event.type === 'revoked')).toHaveLength(94);
    await logIn('kim').expect(200);
    expect(await live()).toEqual([]);
    expect(await liveCookies(t, [first])).toEqual([401]);
  });

  it('sessions that notBefore ended do not count', async () => {
    await open({ maxSessionsPerUser: 2, onLimit: 'refuse' });
    await logIn('gus').expect(200);
    await logIn('gus').expect(200);
    await logIn('gus').expect(409);
    clock.advance(1000);
    await reopen({ maxSessionsPerUser: 2, onLimit: 'refuse', notBefore: new Date(clock.now()) });
    clock.advance(1000);
    await logIn('gus').expect(200);
  });

  it('a login whose transaction DynamoDB cancels for a conflict takes its turn again; one that never gets one answers 503', async () => {
    await open({ maxSessionsPerUser: 3 });
    proxy.mode = 'transaction-conflict';
    proxy.faultOnly = ['TransactWriteItems'];
    proxy.faultCount = 2;
    const before = proxy.operations.length;
    const cookie = cookieHeaderFrom(await logIn('hal').expect(200));
    expect(
      proxy.operations.slice(before).filter((name) => name === 'TransactWriteItems'),
    ).toHaveLength(3);
    expect(await liveCookies(t, [cookie])).toEqual([200]);

    proxy.faultCount = undefined;
    const refused = await logIn('hal').expect(503);
    expect(refused.headers['retry-after']).toBeDefined();
    proxy.heal();
    await logIn('hal').expect(200);
  });
});
