import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import type { Express } from 'express';
import signature from 'cookie-signature';
import request, { type Response } from 'supertest';
import { Session, type DynamoSessionModuleOptions } from '../src/index.js';
import { expressSessionIdFrom, setCookies } from './support/cookies.js';
import { deleteTable, localEndpoint, scanTable } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { connectDynamoDbApp, expressSessionCookieFrom } from './support/connect-dynamodb-app.js';
import {
  createTestApp,
  PLATFORMS,
  ProbeController,
  TEST_SECRET,
  type TestApp,
} from './support/test-app.js';

/** express-session's secret in the app being moved off (short, as express-session allows). */
const LEGACY_SECRET = 'the-old-express-session-secret';
const LEGACY_COOKIE = 'connect.sid';

/** A route that holds every request until `size` of them have loaded the session, then answers it. */
class Barrier {
  private waiting: (() => void)[] = [];
  size = 1;
  arrive(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length >= this.size) for (const go of this.waiting.splice(0)) go();
    });
  }
}
const barrier = new Barrier();

@Controller('legacy')
class BarrierController {
  /** Reads the session, waits for the others, answers what it read. */
  @Get('together')
  async together(@Session() session: Session): Promise<Record<string, unknown>> {
    await barrier.arrive();
    return { ...session };
  }

  /** A logout that takes only `destroy` (the module then reads no session of its own). */
  @Post('logout')
  @HttpCode(204)
  logout(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }

  /** Reads the session, waits for the others, then changes it. */
  @Put('together/:key')
  async change(
    @Session() session: Session,
    @Param('key') key: string,
    @Body() body: { value: unknown },
  ): Promise<{ ok: true }> {
    await barrier.arrive();
    session[key] = body.value;
    return { ok: true };
  }
}

const legacyCookieFrom = (response: Response): string => expressSessionCookieFrom(response);

const cookieNamed = (response: Response, name: string) =>
  setCookies(response).find((cookie) => cookie.name === name);

describe.each(PLATFORMS)(
  'moving sessions off express-session + connect-dynamodb (%s)',
  (platform) => {
    let raw: DynamoDBClient;
    let documents: DynamoDBDocumentClient;
    let legacyTable: string;
    let legacy: Express;
    let proxy: FaultProxy;
    let t: TestApp;
    const api = () => request(t.app.getHttpServer());

    /** Our app, reaching DynamoDB Local through the proxy, with the move from the legacy table on. */
    const start = (options: Partial<DynamoSessionModuleOptions> = {}) =>
      createTestApp(
        {
          endpoint: proxy.endpoint,
          region: 'us-east-1',
          legacy: { tableName: legacyTable, secret: LEGACY_SECRET },
          ...options,
        },
        [ProbeController, BarrierController],
        { platform },
      );

    /** A session made by the legacy app holding `data`; its legacy Cookie header. */
    async function legacySession(data: Record<string, unknown>): Promise<string> {
      return legacyCookieFrom(await request(legacy).post('/set').send(data).expect(200));
    }

    /** The legacy item of a legacy Cookie header, straight from DynamoDB. */
    async function legacyItem(cookie: string): Promise<Record<string, unknown> | undefined> {
      const sid = expressSessionIdFrom(cookie, LEGACY_SECRET);
      const { Item } = await documents.send(
        new GetCommand({
          TableName: legacyTable,
          Key: { id: `sess:${sid}` },
          ConsistentRead: true,
        }),
      );
      return Item;
    }

    /** Sets one attribute of the legacy item of a legacy Cookie header, as another writer would. */
    async function setLegacyAttribute(
      cookie: string,
      name: 'expires' | 'sess',
      value: { N: string } | { S: string },
    ): Promise<void> {
      const sid = expressSessionIdFrom(cookie, LEGACY_SECRET);
      await raw.send(
        new UpdateItemCommand({
          TableName: legacyTable,
          Key: { id: { S: `sess:${sid}` } },
          UpdateExpression: 'SET #name = :value',
          ExpressionAttributeNames: { '#name': name },
          ExpressionAttributeValues: { ':value': value },
        }),
      );
    }

    beforeAll(async () => {
      raw = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1' });
      documents = DynamoDBDocumentClient.from(raw);
      legacyTable = `connect-dynamodb-${platform}-${Date.now()}`;
      legacy = connectDynamoDbApp(raw, { secret: LEGACY_SECRET, table: legacyTable });
      proxy = await FaultProxy.start(localEndpoint());
    });
    afterAll(async () => {
      await deleteTable(raw, legacyTable);
      await proxy.close();
      raw.destroy();
    });
    beforeEach(async () => {
      t = await start();
      proxy.heal();
      proxy.operations.length = 0;
    });
    afterEach(async () => {
      barrier.size = 1;
      await t.close();
    });

    it('moves a live legacy session over once: its data, our cookie set, the legacy cookie cleared, the legacy item deleted', async () => {
      const cookie = await legacySession({ cart: ['apple'], visits: 3 });
      expect(await legacyItem(cookie)).toBeDefined();
      proxy.operations.length = 0;

      const moved = await api().get('/data').set('Cookie', cookie).expect(200);
      // The data as express-session held it, without express-session's own `cookie` key.
      expect(moved.body).toEqual({ cart: ['apple'], visits: 3 });
      const ours = cookieNamed(moved, 'sid');
      expect(ours?.value).toMatch(/.+/);
      const cleared = cookieNamed(moved, LEGACY_COOKIE);
      expect(cleared).toMatchObject({ value: '', maxAge: 0, path: '/' });
      // One read of the legacy item, one transaction: its delete and our session's put.
      expect(proxy.operations).toEqual(['GetItem', 'TransactWriteItems']);
      expect(await legacyItem(cookie)).toBeUndefined();
      expect(t.logger.lines.filter((line) => line.includes('Moved a session over'))).toEqual([
        expect.stringContaining(`from connect-dynamodb (table "${legacyTable}", option legacy)`),
      ]);
      const items = await scanTable(raw, t.tableName);
      expect(items).toHaveLength(1);
      expect(items[0]?.['data']).toEqual({ cart: ['apple'], visits: 3 });

      // Our cookie carries the session from now on.
      const next = `sid=${ours?.value}`;
      await api()
        .get('/data')
        .set('Cookie', next)
        .expect(200, { cart: ['apple'], visits: 3 });
      // The old cookie again (a tab that missed the answer): its session is gone, nothing is made of it.
      proxy.operations.length = 0;
      const again = await api().get('/data').set('Cookie', cookie).expect(200, {});
      expect(cookieNamed(again, 'sid')).toBeUndefined();
      expect(cookieNamed(again, LEGACY_COOKIE)?.maxAge).toBe(0);
      expect(proxy.operations).toEqual(['GetItem']);
      // express-session no longer finds it either.
      await request(legacy).get('/get').set('Cookie', cookie).expect(200, {});
    });

    it('keeps the user logged in whom the app kept as the data key userId (the identity, as logIn sets it)', async () => {
      const cookie = await legacySession({ userId: 'alice', theme: 'dark' });
      const moved = await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'alice' });
      const next = `sid=${cookieNamed(moved, 'sid')?.value}`;
      await api().get('/data').set('Cookie', next).expect(200, { theme: 'dark' });
      await api().get('/me').set('Cookie', next).expect(200, { userId: 'alice' });
    });

    it("keeps a Passport login: passport.user becomes the identity, which Passport on this module's session reads", async () => {
      const cookie = await legacySession({ passport: { user: 'alice' }, cart: ['tea'] });
      const moved = await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'alice' });
      const next = `sid=${cookieNamed(moved, 'sid')?.value}`;
      await api()
        .get('/data')
        .set('Cookie', next)
        .expect(200, { cart: ['tea'] });
      const [item] = await scanTable(raw, t.tableName);
      expect(item).toMatchObject({ userId: 'alice', data: { cart: ['tea'] } });
    });

    it('keeps a passport key whose user is no id (a whole serialized user) as data, with no identity', async () => {
      const cookie = await legacySession({ passport: { user: { name: 'alice' } } });
      const moved = await api()
        .get('/data')
        .set('Cookie', cookie)
        .expect(200, { passport: { user: { name: 'alice' } } });
      const next = `sid=${cookieNamed(moved, 'sid')?.value}`;
      await api().get('/me').set('Cookie', next).expect(401);
    });

    it('two parallel requests with one legacy cookie end with one session of ours and one legacy delete', async () => {
      const cookie = await legacySession({ cart: ['pear'] });
      barrier.size = 2;
      proxy.operations.length = 0;
      const responses = await Promise.all([
        api().get('/legacy/together').set('Cookie', cookie),
        api().get('/legacy/together').set('Cookie', cookie),
      ]);
      // Both read it before either moved it: both answer with its data...
      for (const response of responses) expect(response.body).toEqual({ cart: ['pear'] });
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      // ...one transaction won; the other sets no cookie of ours (the winner's answer carries it).
      expect(
        responses.filter((response) => cookieNamed(response, 'sid') !== undefined),
      ).toHaveLength(1);
      expect(proxy.count('GetItem')).toBe(2);
      expect(proxy.count('TransactWriteItems')).toBe(2);
      expect(await scanTable(raw, t.tableName)).toHaveLength(1);
      expect(await legacyItem(cookie)).toBeUndefined();
    });

    it('the loser of the race that changed the session answers 409: its change is not saved, nothing is lost', async () => {
      const cookie = await legacySession({ cart: ['fig'] });
      barrier.size = 2;
      const [reader, writer] = await Promise.all([
        api().get('/legacy/together').set('Cookie', cookie),
        api()
          .put('/legacy/together/cart')
          .set('Cookie', cookie)
          .send({ value: ['fig', 'plum'] }),
      ]);
      const items = await scanTable(raw, t.tableName);
      expect(items).toHaveLength(1);
      expect(await legacyItem(cookie)).toBeUndefined();
      expect(reader.status).toBe(200);
      if (cookieNamed(writer, 'sid') !== undefined) {
        // The writer won: its change is in the one session; the reader answered what it read.
        expect(writer.status).toBe(200);
        expect(cookieNamed(reader, 'sid')).toBeUndefined();
        expect(items[0]?.['data']).toEqual({ cart: ['fig', 'plum'] });
      } else {
        // The reader won: the writer's change could not land in the moved session, and it says so.
        expect(writer.status).toBe(409);
        expect(cookieNamed(reader, 'sid')).toBeDefined();
        expect(items[0]?.['data']).toEqual({ cart: ['fig'] });
      }
    });

    it('ignores an expired legacy session (TTL deletes late): no move, the legacy cookie cleared, nothing written', async () => {
      const cookie = await legacySession({ cart: ['old'] });
      await setLegacyAttribute(cookie, 'expires', { N: String(Math.floor(Date.now() / 1000) - 5) });
      proxy.operations.length = 0;
      const response = await api().get('/data').set('Cookie', cookie).expect(200, {});
      expect(cookieNamed(response, 'sid')).toBeUndefined();
      expect(cookieNamed(response, LEGACY_COOKIE)?.maxAge).toBe(0);
      expect(proxy.operations).toEqual(['GetItem']);
      expect(await legacyItem(cookie)).toBeDefined();
      expect(await scanTable(raw, t.tableName)).toHaveLength(0);
    });

    it.each([
      [
        'a tampered signature',
        (cookie: string) => `${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}`,
      ],
      [
        'another secret',
        () =>
          `${LEGACY_COOKIE}=${encodeURIComponent(`s:${signature.sign('a-session-id', 'another-secret')}`)}`,
      ],
      ['no signature (unsigned)', () => `${LEGACY_COOKIE}=a-session-id`],
      ['garbage', () => `${LEGACY_COOKIE}=%E0%A4%A`],
    ])('a legacy cookie with %s costs no DynamoDB call', async (_name, make) => {
      const cookie = make(await legacySession({ cart: ['x'] }));
      proxy.operations.length = 0;
      const response = await api().get('/data').set('Cookie', cookie).expect(200, {});
      expect(proxy.operations).toEqual([]);
      expect(setCookies(response)).toEqual([]);
    });

    it('a legacy cookie beside a valid cookie of ours: ours wins, the legacy table is not read', async () => {
      const oursResponse = await api().put('/value/mine').send({ value: 1 }).expect(200);
      const ours = `sid=${cookieNamed(oursResponse, 'sid')?.value}`;
      const cookie = await legacySession({ cart: ['theirs'] });
      proxy.operations.length = 0;
      const response = await api()
        .get('/data')
        .set('Cookie', `${cookie}; ${ours}`)
        .expect(200, { mine: 1 });
      expect(proxy.operations).toEqual(['GetItem']);
      expect(setCookies(response)).toEqual([]);
      expect(await legacyItem(cookie)).toBeDefined();
    });

    it('a header client with a legacy cookie: the legacy table is not read, no cookie set or cleared', async () => {
      const cookie = await legacySession({ cart: ['theirs'] });
      proxy.operations.length = 0;
      const response = await api()
        .get('/data')
        .set('Cookie', cookie)
        .set('X-Session-Token', '')
        .expect(200, {});
      expect(proxy.operations).toEqual([]);
      expect(setCookies(response)).toEqual([]);
      expect(await legacyItem(cookie)).toBeDefined();
    });

    it('a store outage while reading the legacy session: 503, the legacy item kept, moved once the store is back', async () => {
      const cookie = await legacySession({ cart: ['safe'] });
      await proxy.refuse();
      const down = await api().get('/data').set('Cookie', cookie);
      expect(down.status).toBe(503);
      expect(setCookies(down)).toEqual([]);
      await proxy.restore();
      expect(await legacyItem(cookie)).toBeDefined();
      await api()
        .get('/data')
        .set('Cookie', cookie)
        .expect(200, { cart: ['safe'] });
    });

    it('a store outage while moving: 503, nothing written, the legacy item kept (nothing lost)', async () => {
      await t.close();
      t = await start({ maxAttempts: 1 });
      const cookie = await legacySession({ cart: ['kept'] });
      proxy.mode = 'throttle';
      proxy.faultOnly = ['TransactWriteItems'];
      const down = await api().get('/data').set('Cookie', cookie);
      expect(down.status).toBe(503);
      expect(setCookies(down)).toEqual([]);
      proxy.heal();
      expect(await legacyItem(cookie)).toBeDefined();
      expect(await scanTable(raw, t.tableName)).toHaveLength(0);
      await api()
        .get('/data')
        .set('Cookie', cookie)
        .expect(200, { cart: ['kept'] });
      expect(await legacyItem(cookie)).toBeUndefined();
    });

    it('a logout on the legacy cookie ends the legacy session: deleted, the legacy cookie cleared, nothing of ours stored', async () => {
      const cookie = await legacySession({ cart: ['bye'] });
      const response = await api().post('/logout').set('Cookie', cookie).expect(204);
      expect(cookieNamed(response, LEGACY_COOKIE)?.maxAge).toBe(0);
      expect(await legacyItem(cookie)).toBeUndefined();
      expect(await scanTable(raw, t.tableName)).toHaveLength(0);
    });

    it("a logout through @Session('destroy') on the legacy cookie ends the legacy session too", async () => {
      const cookie = await legacySession({ userId: 'carol' });
      const response = await api().post('/legacy/logout').set('Cookie', cookie).expect(204);
      expect(cookieNamed(response, LEGACY_COOKIE)?.maxAge).toBe(0);
      expect(await legacyItem(cookie)).toBeUndefined();
      await api().get('/me').set('Cookie', cookie).expect(401);
      expect(await scanTable(raw, t.tableName)).toHaveLength(0);
    });

    it('a login on the legacy cookie moves the data into the logged-in session', async () => {
      const cookie = await legacySession({ cart: ['book'] });
      const response = await api()
        .post('/login')
        .set('Cookie', cookie)
        .send({ username: 'bob' })
        .expect(200);
      const next = `sid=${cookieNamed(response, 'sid')?.value}`;
      await api().get('/me').set('Cookie', next).expect(200, { userId: 'bob' });
      await api()
        .get('/data')
        .set('Cookie', next)
        .expect(200, { cart: ['book'] });
      expect(await legacyItem(cookie)).toBeUndefined();
      expect(await scanTable(raw, t.tableName)).toHaveLength(1);
    });

    it("without legacy.secret, the module's secret verifies the legacy cookie", async () => {
      await t.close();
      t = await start({ legacy: { tableName: legacyTable } });
      const signedWith = (secret: string) =>
        `${LEGACY_COOKIE}=${encodeURIComponent(`s:${signature.sign('some-session-id', secret)}`)}`;
      proxy.operations.length = 0;
      await api().get('/data').set('Cookie', signedWith(LEGACY_SECRET)).expect(200, {});
      expect(proxy.operations).toEqual([]);
      await api().get('/data').set('Cookie', signedWith(TEST_SECRET)).expect(200, {});
      expect(proxy.operations).toEqual(['GetItem']);
    });

    /**
     * Makes the legacy session of `cookie` look `ageMs` older, as an app whose cookie `maxAge` was that
     * much longer and whose last request was that long ago would have left it: still live.
     */
    async function ageLegacySession(cookie: string, ageMs: number): Promise<void> {
      const item = await legacyItem(cookie);
      const sess = JSON.parse(String(item?.['sess'])) as { cookie: { originalMaxAge: number } };
      sess.cookie.originalMaxAge += ageMs;
      await setLegacyAttribute(cookie, 'sess', { S: JSON.stringify(sess) });
    }

    /**
     * Asks with the legacy `cookie`: not served, the legacy session ended (its item deleted, its cookie
     * cleared), nothing of ours stored.
     */
    async function expectNotServed(cookie: string): Promise<void> {
      const response = await api().get('/data').set('Cookie', cookie).expect(200, {});
      expect(cookieNamed(response, 'sid')).toBeUndefined();
      expect(cookieNamed(response, LEGACY_COOKIE)?.maxAge).toBe(0);
      expect(await legacyItem(cookie)).toBeUndefined();
      await api().get('/me').set('Cookie', cookie).expect(401);
      expect(await scanTable(raw, t.tableName)).toHaveLength(0);
    }

    it('does not serve a legacy session created before notBefore, and serves one created after it', async () => {
      const old = await legacySession({ userId: 'mallory', cart: ['stolen'] });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await t.close();
      t = await start({ notBefore: new Date() });
      await expectNotServed(old);

      const fresh = await legacySession({ userId: 'carol' });
      await api().get('/me').set('Cookie', fresh).expect(200, { userId: 'carol' });
    });

    it('does not serve a legacy session past the absolute timeout by its own age; a younger one keeps its age', async () => {
      const HOUR = 3_600_000;
      const old = await legacySession({ userId: 'dave' });
      await ageLegacySession(old, 2 * HOUR);
      const alsoOld = await legacySession({ userId: 'dave' });
      await ageLegacySession(alsoOld, 2 * HOUR);
      await t.close();
      t = await start({ idleTimeout: 1800, absoluteTimeout: 3600 });
      await expectNotServed(old);

      // Under a 3-hour absolute timeout it is served, and its absolute timeout counts from its own age.
      await t.close();
      t = await start({ idleTimeout: 1800, absoluteTimeout: 3 * 3600 });
      const before = Date.now();
      const moved = await api().get('/me').set('Cookie', alsoOld).expect(200, { userId: 'dave' });
      expect(cookieNamed(moved, 'sid')).toBeDefined();
      const [ours] = await scanTable(raw, t.tableName);
      expect(Number(ours?.['createdAt'])).toBeLessThanOrEqual(before - 2 * HOUR + 1000);
      expect(Number(ours?.['expiresAtMs'])).toBeLessThanOrEqual(Date.now() + 1800_000);
    });

    it('when the option is off, a legacy cookie costs nothing', async () => {
      await t.close();
      t = await start({ legacy: undefined });
      const cookie = await legacySession({ cart: ['x'] });
      proxy.operations.length = 0;
      const response = await api().get('/data').set('Cookie', cookie).expect(200, {});
      expect(proxy.operations).toEqual([]);
      expect(setCookies(response)).toEqual([]);
    });
  },
);
