import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import type { SessionSummary } from '../src/index.js';
import { TestClock } from '../src/testing/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { CountingClient, getItem } from './support/dynamodb.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';
import { DEVICES, USER_AGENTS } from './support/user-agents.js';
import { DEFAULT_TABLE_ATTRIBUTES, defaultUserIndex } from './support/user-index.js';

/** What the client's own address is, as the server sees a local connection. */
const LOCAL = ['127.0.0.1', '::1'];

type Listed = SessionSummary & { current: boolean };

describe.each(PLATFORMS)('the device list (%s)', (platform) => {
  let t: TestApp | undefined;
  const api = () => request((t as TestApp).app.getHttpServer());
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** Logs `username` in from a client sending `agent` (and `forwardedFor`, as a proxy would). */
  async function login(username: string, agent: string, forwardedFor?: string): Promise<string> {
    const call = api().post('/login').set('User-Agent', agent);
    if (forwardedFor !== undefined) call.set('X-Forwarded-For', forwardedFor);
    return cookieHeaderFrom(await call.send({ username }).expect(200));
  }

  const listed = async (cookie: string): Promise<Listed[]> =>
    (await api().get('/sessions').set('Cookie', cookie).expect(200)).body as Listed[];

  const itemOf = (cookie: string) =>
    getItem(
      (t as TestApp).client,
      (t as TestApp).tableName,
      sessionKey(sessionIdFrom(cookie, TEST_SECRET)),
    );

  it.each([false, true])(
    "lists each session's device and the IP it logged in from (trust proxy %s: X-Forwarded-For only when trusted), in one Query",
    async (trustProxy) => {
      t = await createTestApp({}, undefined, { platform, trustProxy });
      const phone = await login('ann', USER_AGENTS.iPhone, '203.0.113.7, 10.0.0.1');
      const laptop = await login('ann', USER_AGENTS.windowsChrome);
      t.client.reset();
      const list = await listed(phone);
      // Read from the index alone: one Query, the device parsed from what it projects.
      expect(t.client.calls).toEqual(['GetItem', 'Query']);
      expect(list.map(({ current, device }) => ({ current, device }))).toEqual([
        { current: false, device: DEVICES.windowsChrome },
        { current: true, device: DEVICES.iPhone },
      ]);
      const [laptopIp, phoneIp] = list.map((entry) => entry.ip);
      expect(LOCAL).toContain(laptopIp);
      if (trustProxy) expect(phoneIp).toBe('203.0.113.7');
      else expect(phoneIp).toBe(laptopIp);
      // Stored as the platform saw it, with the User-Agent; never the parsed device.
      expect(await itemOf(phone)).toMatchObject({
        userAgent: USER_AGENTS.iPhone,
        clientIp: phoneIp,
      });
      expect(await itemOf(laptop)).not.toHaveProperty('device');
    },
  );

  it('deviceDetails: false stores neither User-Agent nor IP: sessions list as unknown, without an IP', async () => {
    t = await createTestApp({ deviceDetails: false }, undefined, { platform, trustProxy: true });
    const cookie = await login('ann', USER_AGENTS.iPhone, '203.0.113.7');
    const item = await itemOf(cookie);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('userAgent');
    expect(item).not.toHaveProperty('clientIp');
    const [entry] = await listed(cookie);
    expect(entry?.device).toEqual({ type: 'unknown' });
    expect(entry).not.toHaveProperty('ip');
  });

  it('shows as last seen the write that extends a session, at most once per touchAfter, and writes nothing more', async () => {
    const clock = new TestClock();
    t = await createTestApp({ touchAfter: 60 }, undefined, { platform, clock });
    const cookie = await login('ann', USER_AGENTS.androidFirefox);
    const created = clock.now();
    clock.advance(30_000);
    t.client.reset();
    await api().get('/me').set('Cookie', cookie).expect(200);
    expect(t.client.calls).toEqual(['GetItem']);
    expect((await listed(cookie))[0]).toMatchObject({ createdAt: created, touchedAt: created });
    clock.advance(31_000);
    t.client.reset();
    await api().get('/me').set('Cookie', cookie).expect(200);
    expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
    expect((await listed(cookie))[0]).toMatchObject({
      createdAt: created,
      touchedAt: clock.now(),
      device: DEVICES.androidFirefox,
    });
  });
});

describe.each(PLATFORMS)(
  'a user index of the layout before the device list (no clientIp projected) (%s)',
  (platform) => {
    it('lists the sessions without their IP: one refused Query, once, then one Query a page', async () => {
      const client = new CountingClient();
      const tableName = `no-ip-index-${randomUUID()}`;
      const index = defaultUserIndex();
      index.Projection.NonKeyAttributes = ['touchedAt', 'expires', 'userAgent'];
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: DEFAULT_TABLE_ATTRIBUTES,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [index],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const t = await createTestApp({ client, tableName }, undefined, { platform });
      try {
        const api = () => request(t.app.getHttpServer());
        const cookie = cookieHeaderFrom(
          await api()
            .post('/login')
            .set('User-Agent', USER_AGENTS.iPad)
            .send({ username: 'ann' })
            .expect(200),
        );
        // Stored all the same: a new index projects it at once.
        const item = await getItem(
          client,
          tableName,
          sessionKey(sessionIdFrom(cookie, TEST_SECRET)),
        );
        expect(LOCAL).toContain(item?.['clientIp']);
        client.reset();
        const first = (await api().get('/sessions').set('Cookie', cookie).expect(200))
          .body as Listed[];
        expect(first).toEqual([expect.objectContaining({ current: true, device: DEVICES.iPad })]);
        expect(first[0]).not.toHaveProperty('ip');
        expect(client.calls).toEqual(['GetItem', 'Query', 'Query']);
        client.reset();
        await api().get('/sessions').set('Cookie', cookie).expect(200);
        expect(client.calls).toEqual(['GetItem', 'Query']);
      } finally {
        await t.close();
        client.destroy();
      }
    });
  },
);
