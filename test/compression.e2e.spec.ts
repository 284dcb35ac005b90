import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie, sessionIdFrom } from './support/cookies.js';
import { CsrfProbeController } from './support/csrf-probe.controller.js';
import { rawSessionData, writeAsTableWriter } from './support/dynamodb.js';
import {
  createTestApp,
  PLATFORMS,
  TEST_SECRET,
  testAppPool,
  type TestApp,
} from './support/test-app.js';

const THRESHOLD = 100;
const long = (text: string): string => text.repeat(Math.ceil((THRESHOLD * 3) / text.length));

/** One value of every JSON type, each above the threshold and below it. */
const VALUES: Record<string, unknown> = {
  bigString: long('compressible text, '),
  smallString: 'short',
  unicode: long('日本語 ✓ émoji 🎉 '),
  bigArray: Array.from({ length: 60 }, (_, i) => [i, i / 4, -i - 1, true, false, null, `n${i}`]),
  smallArray: [1, 'two', null],
  bigObject: { nested: { deeper: { list: Array.from({ length: 40 }, (_, i) => ({ i })) } } },
  smallObject: { a: 1 },
  number: 12.5,
  negative: -7,
  zero: 0,
  yes: true,
  no: false,
  nothing: null,
  empty: '',
  emptyObject: {},
  emptyList: [],
};
const BIG = ['bigString', 'unicode', 'bigArray', 'bigObject'];

const rawData = (t: TestApp, cookie: string) =>
  rawSessionData(t.client, t.tableName, sessionKey(sessionIdFrom(cookie, TEST_SECRET)));

describe.each(PLATFORMS)('compression (%s)', (platform) => {
  const pool = testAppPool(platform);
  const appWith = pool.start;
  const afterTest: (() => Promise<void>)[] = [];
  afterEach(pool.closeAll);
  afterEach(async () => {
    await Promise.all(afterTest.splice(0).map((close) => close()));
  });

  it('round-trips every JSON type, storing values above the threshold compressed and the rest as they are', async () => {
    const t = await appWith({ compression: { threshold: THRESHOLD } });
    const api = request(t.app.getHttpServer());
    const cookie = cookieHeaderFrom(await api.put('/data').send(VALUES).expect(200));
    expect((await api.get('/data').set('Cookie', cookie).expect(200)).body).toEqual(VALUES);

    const data = await rawData(t, cookie);
    for (const [name, value] of Object.entries(data)) {
      if (BIG.includes(name)) {
        expect(value.B?.[0]).toBe(1);
        expect(value.B?.length).toBeLessThan(JSON.stringify(VALUES[name]).length);
      } else {
        expect(value.B).toBeUndefined();
      }
    }
    // A per-key write of one big value leaves the others as they were.
    await api
      .put('/value/bigString')
      .set('Cookie', cookie)
      .send({ value: long('other, ') });
    const after = await api.get('/data').set('Cookie', cookie).expect(200);
    expect(after.body).toEqual({ ...VALUES, bigString: long('other, ') });
  });

  it('reads both forms whether compression is on or off, so turning it either way breaks nothing', async () => {
    const plain = await appWith({});
    const plainApi = request(plain.app.getHttpServer());
    const old = cookieHeaderFrom(await plainApi.put('/data').send(VALUES).expect(200));

    const compressing = await appWith({ compression: { threshold: THRESHOLD } }, plain);
    const api = request(compressing.app.getHttpServer());
    expect((await api.get('/data').set('Cookie', old).expect(200)).body).toEqual(VALUES);
    const fresh = cookieHeaderFrom(await api.put('/data').send(VALUES).expect(200));
    // Mixed: a compressed value written next to the uncompressed ones of the older session.
    const changed = { ...VALUES, bigArray: [...(VALUES['bigArray'] as unknown[]), 'more'] };
    await api.put('/value/bigArray').set('Cookie', old).send({ value: changed.bigArray });
    const mixed = await rawData(plain, old);
    expect(mixed['bigArray']?.B?.[0]).toBe(1);
    expect(mixed['bigString']?.S).toBe(VALUES['bigString']);

    const off = await appWith({}, plain);
    const offApi = request(off.app.getHttpServer());
    expect((await offApi.get('/data').set('Cookie', old).expect(200)).body).toEqual(changed);
    expect((await offApi.get('/data').set('Cookie', fresh).expect(200)).body).toEqual(VALUES);
  });

  it('compresses before encrypting, and the size limit counts what is stored', async () => {
    const key = { id: 'k1', key: randomBytes(32) };
    const limit = 8 * 1024;
    const both = await appWith({
      compression: { threshold: THRESHOLD },
      encryption: { keys: [key] },
      maxSessionSize: limit,
    });
    const api = request(both.app.getHttpServer());
    // 40 KB of JSON, far above the limit as text, a few hundred bytes once compressed.
    const big = long('a value that compresses well, ').repeat(150);
    const cookie = cookieHeaderFrom(await api.put('/value/big').send({ value: big }).expect(200));
    const stored = (await rawData(both, cookie))['big']?.B;
    expect(stored?.[0]).toBe(2);
    expect(stored?.length).toBeLessThan(limit);
    expect((await api.get('/value/big').set('Cookie', cookie).expect(200)).body).toEqual({
      value: big,
    });

    const uncompressed = await appWith({ maxSessionSize: limit });
    await request(uncompressed.app.getHttpServer())
      .put('/value/big')
      .send({ value: big })
      .expect(413);
    // Random text does not compress: it is refused with compression on too.
    const random = randomBytes(limit).toString('base64');
    await api.put('/value/random').set('Cookie', cookie).send({ value: random }).expect(413);
  });

  it('decodes only the values a request reads: a broken compressed value fails only what reads it, and a write drops it', async () => {
    const t = await appWith({ compression: { threshold: THRESHOLD } });
    const api = request(t.app.getHttpServer());
    const cookie = cookieHeaderFrom(
      await api.put('/data').send({ bigString: VALUES['bigString'], small: 'kept' }).expect(200),
    );
    const key = sessionKey(sessionIdFrom(cookie, TEST_SECRET));
    // A table writer breaks the compressed value (without encryption, values are not authenticated).
    const broken = Buffer.from((await rawData(t, cookie))['bigString']?.B ?? []);
    broken.fill(0xff, 1);
    await writeAsTableWriter(t.client, t.tableName, key, { 'data.bigString': { B: broken } });
    // A request that reads only the small value never decompresses the broken one.
    await api.get('/value/small').set('Cookie', cookie).expect(200, { value: 'kept' });
    // One that reads it fails, naming the key, not the data.
    await api.get('/value/bigString').set('Cookie', cookie).expect(500);
    // A write of another key decodes the rest, leaves the broken value out, and logs it.
    await api.put('/value/other').set('Cookie', cookie).send({ value: 1 }).expect(200);
    expect(Object.keys(await rawData(t, cookie)).sort()).toEqual(['other', 'small']);
    const log = t.logger.lines.filter((line) => line.startsWith('error')).join('\n');
    expect(log).toMatch(/key "bigString"\) that does not decompress/);
    expect(log).not.toContain('compressible text');
  });

  it('rejects a session whose value read at load (its CSRF secret) does not decompress: a fresh session, never a 500', async () => {
    const t = await createTestApp({ compression: { threshold: 10 } }, [CsrfProbeController], {
      platform,
    });
    afterTest.push(() => t.close());
    const api = request(t.app.getHttpServer());
    const cookie = cookieHeaderFrom(await api.post('/start').expect(200));
    const stored = (await rawData(t, cookie))['_csrfSecret']?.B;
    expect(stored?.[0]).toBe(1); // compressed
    await writeAsTableWriter(
      t.client,
      t.tableName,
      sessionKey(sessionIdFrom(cookie, TEST_SECRET)),
      {
        'data._csrfSecret': { B: Buffer.from(stored ?? []).fill(0xff, 1) },
      },
    );
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await api.get('/data').set('Cookie', cookie).expect(200, {});
      expect(sessionCookie(response)).toMatchObject({ value: '', maxAge: 0 });
    }
  });

  it('bounds what a compressed session decodes to (maxDecodedSize): 413, the session kept as it was', async () => {
    const t = await appWith({ compression: { threshold: THRESHOLD }, maxDecodedSize: 64 * 1024 });
    const api = request(t.app.getHttpServer());
    // 40 KB of JSON stored as a few hundred bytes: under the bound.
    const big = long('a value that compresses well, ').repeat(150);
    const cookie = cookieHeaderFrom(await api.put('/value/a').send({ value: big }).expect(200));
    // A second one passes 64 KiB decoded, though it would take a few hundred bytes more as stored.
    const refused = await api
      .put('/value/b')
      .set('Cookie', cookie)
      .send({ value: big })
      .expect(413);
    expect(JSON.stringify(refused.body)).toMatch(
      /characters of JSON, above the limit of 65536 \(maxDecodedSize\)/,
    );
    expect(Object.keys(await rawData(t, cookie))).toEqual(['a']);
    expect((await api.get('/value/a').set('Cookie', cookie).expect(200)).body).toEqual({
      value: big,
    });
  });
});
