import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import signature from 'cookie-signature';
import request from 'supertest';
import { generateSessionId, sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie, sessionIdFrom } from './support/cookies.js';
import { getItem, scanTable } from './support/dynamodb.js';
import { createTestApp, TEST_SECRET, type TestApp, PLATFORMS } from './support/test-app.js';

const idFrom = (cookieHeader: string): string => sessionIdFrom(cookieHeader, TEST_SECRET);

/** A small seeded PRNG, so a failing header can be reproduced. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generated Cookie header and whether it carries a validly signed session id (the copy read). */
interface HostileCookie {
  readonly header: string;
  readonly signedId: boolean;
}

function hostileCookies(count: number, storedCookieValue: string): HostileCookie[] {
  const random = prng(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const text = (length: number, from: number, to: number) =>
    Array.from({ length }, () =>
      String.fromCharCode(from + Math.floor(random() * (to - from))),
    ).join('');
  const printable = (length: number) => text(length, 0x21, 0x7f).replace(/[;,\\]/g, '_');
  const signedUnknown = () => signature.sign(generateSessionId(), TEST_SECRET);
  const kinds: (() => HostileCookie)[] = [
    () => ({ header: printable(1 + Math.floor(random() * 60)), signedId: false }),
    () => ({ header: `sid=${printable(1 + Math.floor(random() * 120))}`, signedId: false }),
    () => ({ header: `sid=${generateSessionId()}.${printable(43)}`, signedId: false }),
    () => ({
      header: `sid=${storedCookieValue.slice(0, -1 - Math.floor(random() * 20))}`,
      signedId: false,
    }),
    () => ({
      header: `sid=${signature.sign(generateSessionId(), 'x'.repeat(32))}`,
      signedId: false,
    }),
    () => ({ header: `sid=${printable(5)}; sid=${signedUnknown()}`, signedId: true }),
    () => ({ header: `sid=${signedUnknown()}; sid=${printable(5)}`, signedId: true }),
    () => ({ header: `sid=${text(20, 0x80, 0x100)}`, signedId: false }),
    () => ({ header: `${text(8, 0x80, 0x100)}=${text(30, 0x80, 0x100)}`, signedId: false }),
    () => ({ header: `sid=${'A'.repeat(8 * 1024)}`, signedId: false }),
    () => ({ header: `sid=%E0%A4%A${printable(3)}`, signedId: false }),
    () => ({
      header: Array.from(
        { length: 200 + Math.floor(random() * 300) },
        (_, i) => `c${i}=${printable(8)}`,
      ).join('; '),
      signedId: false,
    }),
    () => ({ header: `theme=dark; sid=${signedUnknown()}; lang=en`, signedId: true }),
    () => ({ header: `sid=${storedCookieValue}`, signedId: true }),
    () => ({ header: `sid=${encodeURIComponent(storedCookieValue)}`, signedId: true }),
    () => ({ header: `sid=s:${storedCookieValue}`, signedId: false }),
    () => ({ header: `sid=`, signedId: false }),
    () => ({ header: `=; ;;; sid`, signedId: false }),
  ];
  return Array.from({ length: count }, () => pick(kinds)());
}

/** Sends GET `path` with a raw Cookie header over a keep-alive connection; resolves the status. */
function getWithCookie(base: string, agent: Agent, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = httpRequest(`${base}/data`, { agent, headers: { cookie } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    call.on('error', reject);
    call.end();
  });
}

describe.each(PLATFORMS)('hostile input (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  afterEach(async () => {
    await t?.close();
  });

  it('10,000 generated Cookie headers: no 5xx, and DynamoDB is called only for validly signed ids', async () => {
    t = await createTestApp({}, undefined, { platform });
    const stored = await api().put('/value/k').send({ value: 'v' }).expect(200);
    const storedValue = sessionCookie(stored)?.value as string;
    const cookies = hostileCookies(10_000, storedValue);
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    t.client.reset();
    const statuses: number[] = [];
    try {
      for (let i = 0; i < cookies.length; i += 64) {
        const batch = cookies.slice(i, i + 64);
        statuses.push(
          ...(await Promise.all(batch.map((cookie) => getWithCookie(base, agent, cookie.header)))),
        );
      }
    } finally {
      agent.destroy();
    }
    const serverErrors = statuses
      .map((status, i) => ({ status, header: cookies[i]?.header.slice(0, 80) }))
      .filter(({ status }) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(9_000);
    expect(t.client.calls.every((call) => call === 'GetItem')).toBe(true);
    expect(t.client.count('GetItem')).toBe(cookies.filter((cookie) => cookie.signedId).length);
    expect(t.client.count('GetItem')).toBeGreaterThan(1_000);
    // The stored session is untouched by it all.
    await api().get('/data').set('Cookie', cookieHeaderFrom(stored)).expect(200, { k: 'v' });
  }, 120_000);

  describe('values a session cannot hold as they are', () => {
    beforeEach(async () => {
      t = await createTestApp({}, undefined, { platform });
    });

    async function hostile(kind: string, cookie?: string): Promise<request.Response> {
      const call = api().put(`/hostile/${kind}`);
      return cookie === undefined ? call : call.set('Cookie', cookie);
    }

    it.each([
      ['nan', [null, null]],
      ['undefined-in-array', [1, null, 3]],
      ['date', '2026-01-02T03:04:05.000Z'],
      ['class-instance', { x: 3, y: 4 }],
    ])('%s is stored as JSON would store it', async (kind, stored) => {
      const response = await await hostile(kind);
      expect(response.status).toBe(200);
      const item = await getItem(
        t.client,
        t.tableName,
        sessionKey(idFrom(cookieHeaderFrom(response))),
      );
      expect(item?.['data']).toEqual({ value: stored });
    });

    it('a function is dropped: nothing to store, no cookie', async () => {
      const response = await hostile('function');
      expect(response.status).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(await scanTable(t.client, t.tableName)).toEqual([]);
    });

    it.each([
      ['cycle', /Session value "value" cannot be stored: Converting circular structure to JSON/],
      ['bigint', /Session value "value" cannot be stored: Do not know how to serialize a BigInt/],
      ['empty-key', /Session value "value" cannot be stored: an object in it has an empty key/],
      [
        'huge-number',
        /Session value "value.price" cannot be stored: a number in it is outside the range/,
      ],
      [
        'tiny-number',
        /Session value "value" cannot be stored: a number in it is outside the range/,
      ],
      [
        'deep-nesting',
        /Session value "value(\.down)+" cannot be stored: it nests deeper than 30 levels/,
      ],
    ])(
      '%s fails the request with an error naming the key, and the stored session stays as it was',
      async (kind, message) => {
        const cookie = cookieHeaderFrom(
          await api().put('/value/value').send({ value: 'before' }).expect(200),
        );
        const response = await hostile(kind, cookie);
        expect(response.status).toBe(500);
        expect(t.logger.lines.join('\n')).toMatch(message);
        await api().get('/data').set('Cookie', cookie).expect(200, { value: 'before' });
        const fresh = await hostile(kind);
        expect(fresh.status).toBe(500);
        expect(fresh.headers['set-cookie']).toBeUndefined();
        expect(await scanTable(t.client, t.tableName)).toHaveLength(1);
      },
    );
  });

  describe('oversized sessions', () => {
    it('answers 413 naming the size and the limit; nothing new is stored, the old session stays', async () => {
      t = await createTestApp({}, undefined, { platform });
      const fresh = await api().put('/fill/big?bytes=400000').expect(413);
      expect(fresh.body.message).toMatch(
        /^The session would be \d+ bytes, above the limit of 358400 bytes \(maxSessionSize\); it was not saved\.$/,
      );
      expect(fresh.headers['set-cookie']).toBeUndefined();
      expect(await scanTable(t.client, t.tableName)).toEqual([]);

      const cookie = cookieHeaderFrom(await api().put('/fill/small?bytes=100').expect(200));
      await api().put('/fill/big?bytes=400000').set('Cookie', cookie).expect(413);
      const data = await api().get('/data').set('Cookie', cookie).expect(200);
      expect(data.body).toEqual({ small: 'x'.repeat(100) });
    });

    it('counts as DynamoDB does: a session just under a 400 KB limit is accepted by DynamoDB itself', async () => {
      t = await createTestApp({ maxSessionSize: 409_600 }, undefined, { platform });
      // Item = key (2 + 43) + data map + expires + createdAt + touchedAt; aim a little under the limit.
      await api().put('/fill/big?bytes=409300').expect(200);
      await api().put('/fill/big?bytes=409600').expect(413);
    });

    it('counts the stored User-Agent: an update near the limit answers 413, not 500', async () => {
      t = await createTestApp({ maxSessionSize: 409_600, trackUserAgent: true }, undefined, {
        platform,
      });
      const agent = 'a'.repeat(512);
      const cookie = cookieHeaderFrom(
        await api().put('/value/k').set('User-Agent', agent).send({ value: 1 }).expect(200),
      );
      // Under the limit without the User-Agent the item holds, over it (and DynamoDB's) with it.
      const response = await api()
        .put('/fill/big?bytes=409300')
        .set('Cookie', cookie)
        .set('User-Agent', agent);
      expect(response.status).toBe(413);
      await api().get('/data').set('Cookie', cookie).expect(200, { k: 1 });
    });

    it('honours a smaller maxSessionSize', async () => {
      t = await createTestApp({ maxSessionSize: 2048 }, undefined, { platform });
      await api().put('/fill/k?bytes=1500').expect(200);
      const response = await api().put('/fill/k?bytes=3000').expect(413);
      expect(response.body.message).toContain('above the limit of 2048 bytes');
    });
  });

  describe('cookie security', () => {
    it('a session cookie sent twice: the copy that verifies counts, wherever it comes', async () => {
      t = await createTestApp({}, undefined, { platform });
      const login = await api().post('/login').send({ username: 'ada' }).expect(200);
      const cookie = cookieHeaderFrom(login);
      const garbage = 'sid=s%3Agarbage.AAAA';
      for (const header of [`${garbage}; ${cookie}`, `${cookie}; ${garbage}`]) {
        await api().get('/me').set('Cookie', header).expect(200, { userId: 'ada' });
      }
      // Garbage alone is no session: 401, and no DynamoDB call for it.
      t.client.reset();
      await api().get('/me').set('Cookie', `${garbage}; sid=junk`).expect(401);
      expect(t.client.calls).toEqual([]);
    });

    it('sets Secure behind a proxy only when trust proxy is on and X-Forwarded-Proto is https', async () => {
      t = await createTestApp({}, undefined, { platform, trustProxy: true });
      const proxied = await api()
        .put('/value/k')
        .set('X-Forwarded-Proto', 'https')
        .send({ value: 1 })
        .expect(200);
      expect(sessionCookie(proxied)?.secure).toBe(true);
      const plain = await api().put('/value/k').send({ value: 1 }).expect(200);
      expect(sessionCookie(plain)?.secure).toBeFalsy();
      await t.close();
      t = await createTestApp({}, undefined, { platform });
      const untrusted = await api()
        .put('/value/k')
        .set('X-Forwarded-Proto', 'https')
        .send({ value: 1 })
        .expect(200);
      expect(sessionCookie(untrusted)?.secure).toBeFalsy();
    });

    it('warns once when X-Forwarded-Proto says https on a request seen as plain HTTP (no trust proxy)', async () => {
      const warnings = () =>
        t.logger.lines.filter((line) => line.includes('X-Forwarded-Proto: https'));
      t = await createTestApp({}, undefined, { platform });
      await api().put('/value/k').send({ value: 1 }).expect(200);
      expect(warnings()).toEqual([]);
      for (let i = 0; i < 3; i += 1) {
        await api()
          .put('/value/k')
          .set('X-Forwarded-Proto', 'https')
          .send({ value: i })
          .expect(200);
      }
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0]).toMatch(/^warn .*trust proxy.*cookie\.secure: true/);
      await t.close();
      t = await createTestApp({}, undefined, { platform, trustProxy: true });
      await api().put('/value/k').set('X-Forwarded-Proto', 'https').send({ value: 1 }).expect(200);
      expect(warnings()).toEqual([]);
    });

    it('sets Secure over HTTPS, and supports a __Host- cookie (Secure, Path=/, no Domain)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'session-tls-'));
      try {
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            '/CN=localhost',
            '-keyout',
            join(dir, 'key.pem'),
            '-out',
            join(dir, 'cert.pem'),
          ],
          { stdio: 'ignore' },
        );
        const httpsOptions = {
          key: readFileSync(join(dir, 'key.pem'), 'utf8'),
          cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
        };
        t = await createTestApp({}, undefined, { platform, httpsOptions });
        const auto = await api().put('/value/k').disableTLSCerts().send({ value: 1 }).expect(200);
        expect(sessionCookie(auto)?.secure).toBe(true);
        await t.close();
        t = await createTestApp({ cookie: { name: '__Host-sid', secure: true } }, undefined, {
          platform,
          httpsOptions,
        });
        const host = await api().put('/value/k').disableTLSCerts().send({ value: 1 }).expect(200);
        const cookie = sessionCookie(host, '__Host-sid');
        expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'lax' });
        expect(cookie?.domain).toBeUndefined();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
