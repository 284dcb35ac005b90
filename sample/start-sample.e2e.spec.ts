import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand as RawScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createClient } from 'graphql-ws';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import WebSocket from 'ws';
import { InvalidSessionOptionsError } from '../src/index.js';
import { ask, connectSocketIo } from '../test/support/socket-io-client.js';
import { subscriptionResults } from '../test/support/graphql-ws-results.js';
import type { Express } from 'express';
import {
  connectDynamoDbApp,
  expressSessionCookieFrom,
} from '../test/support/connect-dynamodb-app.js';
import {
  deleteSampleTable,
  restoreEnv,
  runSampleAround,
  SAMPLE_SECRET as SECRET,
} from '../test/support/running-sample.js';
import { startSample, type RunningSample } from './start-sample.js';
import { isAlive } from '../test/support/process-alive.js';
import { DEVICES, USER_AGENTS } from '../test/support/user-agents.js';

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The pre-session CSRF cookie: a visitor's CSRF secret while no session is stored. */
const PRE_SESSION = 'sid.csrf';

/**
 * The `<name>=<value>` pair of a response's Set-Cookie of `name` (the session cookie by default), or
 * undefined when it sets none.
 */
function sessionCookie(response: request.Response, name = 'sid'): string | undefined {
  const header = response.headers['set-cookie'] as string | string[] | undefined;
  const cookies = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return cookies.find((cookie) => cookie.startsWith(`${name}=`))?.split(';')[0];
}

/** Like {@link sessionCookie}, for a response that must set one. */
function requireCookie(response: request.Response): string {
  const cookie = sessionCookie(response);
  if (cookie === undefined || cookie === 'sid=') throw new Error('expected a session cookie');
  return cookie;
}

describe.each(['express', 'fastify'])(
  'the sample app on %s, started as npm start does (DYNAMODB_ENDPOINT set)',
  (platform) => {
    const savedEnv = { ...process.env };
    const tableName = `sample-e2e-${randomUUID()}`;
    const running = runSampleAround(platform, tableName);
    const http = () => request(running.sample.url);

    /**
     * Loads the page as a browser would, with `cookie` if given: resolves the CSRF token its forms
     * carry and the cookie it belongs to: the session's, or for a first visit (which stores nothing)
     * the pre-session cookie.
     */
    async function pageForm(cookie?: string): Promise<{ cookie: string; token: string }> {
      const call = http().get('/');
      const page = await (cookie === undefined ? call : call.set('Cookie', cookie)).expect(200);
      const token = /<input type="hidden" name="_csrf" value="([^"]+)">/.exec(page.text)?.[1];
      const current = sessionCookie(page) ?? sessionCookie(page, PRE_SESSION) ?? cookie;
      if (token === undefined || current === undefined) throw new Error('expected a form token');
      return { cookie: current, token };
    }

    /** Posts the page's form to `path`: `fields` and the token, with the session's cookie. */
    function postForm(path: string, form: { cookie: string; token?: string }, fields = {}) {
      const token = form.token === undefined ? {} : { _csrf: form.token };
      return http()
        .post(path)
        .set('Cookie', form.cookie)
        .type('form')
        .send({ ...fields, ...token });
    }

    /** Logs in as `username` over JSON, from the session of `cookie` if given; returns the new cookie. */
    async function login(username: string, cookie?: string, agent?: string): Promise<string> {
      const call = http().post('/auth/login').send({ username });
      // A proxy's header the sample does not trust (SAMPLE_TRUST_PROXY is off): never the IP.
      if (agent !== undefined) call.set('User-Agent', agent).set('X-Forwarded-For', '203.0.113.7');
      const response = await (cookie === undefined ? call : call.set('Cookie', cookie)).expect(200);
      expect(response.body).toEqual({ username });
      return requireCookie(response);
    }

    it('listens on the port the kernel picked for PORT=0, on the real DynamoDB Local of the run', () => {
      expect(running.sample.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(running.sample.url).not.toBe('http://localhost:0');
      expect(running.sample.embeddedDynamoDb).toBeUndefined();
      expect(running.sample.platform).toBe(platform);
      expect(process.env['DYNAMODB_ENDPOINT']).toBe(savedEnv['DYNAMODB_ENDPOINT']);
    });

    describe('GET /health', () => {
      it('answers {"status":"ok"} without a session cookie', async () => {
        const response = await http().get('/health').expect(200);
        expect(response.body).toEqual({ status: 'ok' });
        expect(response.headers['set-cookie']).toBeUndefined();
      });
    });

    describe('GET /', () => {
      it('renders the page of a guest storing nothing: no session cookie, only the pre-session CSRF cookie', async () => {
        const before = (await scanSessions()).length;
        const response = await http().get('/').expect(200);
        expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
        // The forms' token is of a secret in the pre-session cookie, not of a stored session.
        expect(sessionCookie(response)).toBeUndefined();
        const preSession = sessionCookie(response, PRE_SESSION);
        expect(preSession).toMatch(/^sid\.csrf=./);
        const again = await http().get('/').set('Cookie', String(preSession)).expect(200);
        expect(again.headers['set-cookie']).toBeUndefined();
        expect((await scanSessions()).length).toBe(before);
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.text).toMatch(/not logged in/i);
        expect(response.text).toContain('Visits counted in this session: <strong>0</strong>');
        expect(response.text).toContain('The cart is empty.');
        expect(response.text).toMatch(
          /<form method="post" action="\/auth\/login">[\s\S]*name="username"/,
        );
        expect(response.text).toContain('<form method="post" action="/auth/logout">');
      });

      it('shows the user, the visits and the cart of the session', async () => {
        const guest = requireCookie(await http().post('/cart').send({ item: 'apple' }).expect(200));
        const cookie = await login('bob@example.com', guest);
        await http().post('/visits').send({}).set('Cookie', cookie).expect(200);
        await http().post('/visits').send({}).set('Cookie', cookie).expect(200);
        const response = await http().get('/').set('Cookie', cookie).expect(200);
        expect(response.text).toContain('Logged in as <strong>bob@example.com</strong>');
        expect(response.text).not.toMatch(/not logged in/i);
        // Two POST /visits, and this load of the page (GET / counts in a stored session).
        expect(response.text).toContain('Visits counted in this session: <strong>3</strong>');
        expect(response.text).toContain('<li>apple</li>');
      });

      it('escapes what it shows from the session', async () => {
        const cookie = requireCookie(
          await http().post('/cart').send({ item: '<b>x</b> & "y"' }).expect(200),
        );
        const response = await http().get('/').set('Cookie', cookie).expect(200);
        expect(response.text).toContain('<li>&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</li>');
        expect(response.text).not.toContain('<b>x</b>');
      });

      it('escapes values that /kv stored where the page expects a count and a cart', async () => {
        const first = await http()
          .put('/kv/cart')
          .send({ value: ['<i>a</i>', { '<s>': 1 }] })
          .expect(200);
        const cookie = requireCookie(first);
        await http()
          .put('/kv/visits')
          .set('Cookie', cookie)
          .send({ value: '<u>9</u>' })
          .expect(200);
        const response = await http().get('/').set('Cookie', cookie).expect(200);
        expect(response.text).toContain('<li>&lt;i&gt;a&lt;/i&gt;</li>');
        expect(response.text).toContain('<li>{&quot;&lt;s&gt;&quot;:1}</li>');
        // Not a count reads as 0; this load of the page then counts 1.
        expect(response.text).toContain('Visits counted in this session: <strong>1</strong>');
        expect(response.text).not.toMatch(/<[ius]>/);
      });
    });

    describe('POST /graphql', () => {
      /** Sends a GraphQL operation with `variables`, with `cookie` if given. */
      function graphql(query: string, variables: Record<string, unknown> = {}, cookie?: string) {
        const call = http().post('/graphql').send({ query, variables });
        return cookie === undefined ? call : call.set('Cookie', cookie);
      }

      it('me: UNAUTHENTICATED without a login; login sets the cookie, me then names the user', async () => {
        const anonymous = await graphql('{ me { username } }').expect(200);
        expect(anonymous.body.data).toEqual({ me: null });
        expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

        const login = await graphql(
          'mutation ($name: String!) { login(username: $name) { username } }',
          { name: 'grace' },
        ).expect(200);
        expect(login.body).toEqual({ data: { login: { username: 'grace' } } });
        const cookie = requireCookie(login);
        await graphql('{ me { username } }', {}, cookie).expect(200, {
          data: { me: { username: 'grace' } },
        });
        // The same cookie works on the REST routes.
        await http().get('/auth/me').set('Cookie', cookie).expect(200, { username: 'grace' });
      });

      it('setValue returns what it stored; value reads it; a missing key is null', async () => {
        const set = await graphql(
          'mutation ($value: JSON!) { setValue(key: "prefs", value: $value) }',
          { value: { theme: 'dark', sizes: [1, 2] } },
        ).expect(200);
        expect(set.body).toEqual({ data: { setValue: { theme: 'dark', sizes: [1, 2] } } });
        const cookie = requireCookie(set);
        await graphql(
          '{ prefs: value(key: "prefs") missing: value(key: "missing") }',
          {},
          cookie,
        ).expect(200, { data: { prefs: { theme: 'dark', sizes: [1, 2] }, missing: null } });
      });

      it('refuses an operation with hundreds of aliases before it runs: nothing stored, no cookie', async () => {
        const aliases = Array.from(
          { length: 300 },
          (_, i) => `a${i}: setValue(key: "k${i}", value: $v)`,
        ).join(' ');
        const response = await graphql(`mutation ($v: JSON!) { ${aliases} }`, {
          v: 'x'.repeat(1000),
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(JSON.stringify(response.body)).toContain(
          '300 aliased fields; at most 20 are allowed',
        );
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it('shares the session with /kv both ways', async () => {
        const put = await http().put('/kv/colour').send({ value: 'teal' }).expect(200);
        const cookie = requireCookie(put);
        await graphql('{ value(key: "colour") }', {}, cookie).expect(200, {
          data: { value: 'teal' },
        });
        await graphql('mutation { setValue(key: "size", value: 42) }', {}, cookie).expect(200, {
          data: { setValue: 42 },
        });
        await http().get('/kv/size').set('Cookie', cookie).expect(200, { value: 42 });
      });

      it('logout answers true and clears the cookie', async () => {
        const cookie = requireCookie(
          await graphql('mutation { login(username: "hopper") { username } }').expect(200),
        );
        const logout = await graphql('mutation { logout }', {}, cookie).expect(200);
        expect(logout.body).toEqual({ data: { logout: true } });
        expect(sessionCookie(logout)).toBe('sid=');
        const after = await graphql('{ me { username } }', {}, cookie).expect(200);
        expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      });

      it('serves GraphiQL (GET /graphql with Apollo, GET /graphiql with Mercurius)', async () => {
        const path = platform === 'fastify' ? '/graphiql' : '/graphql';
        const page = await http().get(path).set('Accept', 'text/html').expect(200);
        expect(page.headers['content-type']).toMatch(/text\/html/);
      });

      it('ticks (graphql-ws on Apollo or Mercurius, on /graphql) names the user logged in at connect', async () => {
        const cookie = requireCookie(
          await graphql('mutation { login(username: "lovelace") { username } }').expect(200),
        );
        const ticks = async (count: number, headers: Record<string, string>) => {
          const client = createClient({
            url: `${running.sample.url.replace(/^http/, 'ws')}/graphql`,
            retryAttempts: 0,
            webSocketImpl: class extends WebSocket {
              constructor(address: string, protocols?: string | string[]) {
                super(address, protocols, { headers });
              }
            },
          });
          try {
            return await subscriptionResults(client, `subscription { ticks(count: ${count}) }`);
          } finally {
            await client.dispose();
          }
        };
        expect(await ticks(2, { Cookie: cookie })).toEqual([
          { data: { ticks: '1: lovelace' } },
          { data: { ticks: '2: lovelace' } },
        ]);
        expect(await ticks(1, {})).toEqual([{ data: { ticks: '1: guest' } }]);
        const [refused] = await ticks(11, {});
        expect(refused?.errors?.[0]?.message).toBe('count must be from 1 to 10 (got 11)');
      });

      it('refuses a key /kv refuses, storing nothing', async () => {
        const response = await graphql('mutation { setValue(key: "userId", value: "x") }');
        // The ValidationPipe's 400 (Apollo names the rule in extensions; Mercurius says Bad Request).
        expect(response.body.data).toEqual({ setValue: null });
        expect(response.body.errors).toHaveLength(1);
        expect(sessionCookie(response)).toBeUndefined();
      });
    });

    describe('/auth', () => {
      it('logs in (200 {"username"}), keeps the guest cart and changes the cookie', async () => {
        const first = await http().post('/cart').send({ item: 'apple' }).expect(200);
        expect(first.body).toEqual({ cart: ['apple'] });
        const guest = requireCookie(first);
        const second = await http().post('/cart').set('Cookie', guest).send({ item: 'pear' });
        expect(second.status).toBe(200);
        expect(second.body).toEqual({ cart: ['apple', 'pear'] });

        const user = await login('alice', guest);
        expect(user).not.toBe(guest);

        const me = await http().get('/auth/me').set('Cookie', user).expect(200);
        expect(me.body).toEqual({ username: 'alice' });
        const data = await http().get('/kv').set('Cookie', user).expect(200);
        // The identity is no data key: /kv shows only the data.
        expect(data.body).toEqual({ cart: ['apple', 'pear'] });

        // The guest session was replaced, not copied: its cookie leads nowhere now.
        await http().get('/auth/me').set('Cookie', guest).expect(401);
        const old = await http().get('/kv').set('Cookie', guest).expect(200);
        expect(old.body).toEqual({});
      });

      it('answers 401 on /auth/me without a session, and to a guest', async () => {
        const anonymous = await http().get('/auth/me').expect(401);
        expect(anonymous.body.message).toMatch(/log in/i);
        const guest = requireCookie(await http().post('/visits').send({}).expect(200));
        await http().get('/auth/me').set('Cookie', guest).expect(401);
      });

      it('logs out with 204 and clears the cookie; the old cookie then gets 401', async () => {
        const cookie = await login('carol');
        await http().get('/auth/me').set('Cookie', cookie).expect(200);
        const response = await http()
          .post('/auth/logout')
          .send({})
          .set('Cookie', cookie)
          .expect(204);
        expect(response.text).toBe('');
        expect(sessionCookie(response)).toBe('sid=');
        expect(String(response.headers['set-cookie'])).toMatch(/Max-Age=0/);
        await http().get('/auth/me').set('Cookie', cookie).expect(401);
        const data = await http().get('/kv').set('Cookie', cookie).expect(200);
        expect(data.body).toEqual({});
      });

      it.each([
        ['a script tag', { username: '<script>' }, /username must be 1 to 64/],
        ['an empty name', { username: '' }, /username must be 1 to 64/],
        ['65 characters', { username: 'a'.repeat(65) }, /username must be 1 to 64/],
        ['a space', { username: 'al ice' }, /username must be 1 to 64/],
        ['a number', { username: 42 }, /username must be a string/],
        ['no username', {}, /username must be a string/],
        ['an extra field', { username: 'alice', admin: true }, /property admin should not exist/],
      ])('rejects a login with %s (400)', async (_case, body, message) => {
        const response = await http().post('/auth/login').send(body).expect(400);
        expect(JSON.stringify(response.body.message)).toMatch(message);
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it('accepts the longest and every allowed character', async () => {
        await login('a'.repeat(64));
        await login('Al.ice_B-0b@example.org');
      });
    });

    describe('recent login: POST /account/email and POST /auth/reauthenticate', () => {
      /** Runs `work` with `SAMPLE_RECENT_LOGIN_SECONDS` set to `seconds` (read on each request). */
      async function withRecentLoginSeconds(seconds: string, work: () => Promise<void>) {
        const saved = process.env['SAMPLE_RECENT_LOGIN_SECONDS'];
        process.env['SAMPLE_RECENT_LOGIN_SECONDS'] = seconds;
        try {
          await work();
        } finally {
          if (saved === undefined) delete process.env['SAMPLE_RECENT_LOGIN_SECONDS'];
          else process.env['SAMPLE_RECENT_LOGIN_SECONDS'] = saved;
        }
      }
      const changeEmail = (cookie: string) =>
        http().post('/account/email').set('Cookie', cookie).send({ email: 'dana@example.org' });

      it('changes the e-mail within 300 s of the login (the default); 401 for a guest', async () => {
        const cookie = await login('dana');
        const changed = await changeEmail(cookie).expect(200);
        expect(changed.body).toEqual({ email: 'dana@example.org' });
        const data = await http().get('/kv').set('Cookie', cookie).expect(200);
        expect(data.body).toEqual({ email: 'dana@example.org' });
        const guest = requireCookie(await http().post('/visits').send({}).expect(200));
        await changeEmail(guest).expect(401);
      });

      it('answers 403 REAUTHENTICATION_REQUIRED once the login is older; reauthenticating as the user renews it', async () => {
        await withRecentLoginSeconds('2', async () => {
          const cookie = await login('erin');
          await changeEmail(cookie).expect(200);
          await new Promise((resolve) => setTimeout(resolve, 2100));
          const refused = await changeEmail(cookie).expect(403);
          expect(refused.body).toMatchObject({ code: 'REAUTHENTICATION_REQUIRED' });

          // Naming another user is refused, and changes nothing.
          const wrong = await http()
            .post('/auth/reauthenticate')
            .set('Cookie', cookie)
            .send({ username: 'mallory' })
            .expect(403);
          expect(sessionCookie(wrong)).toBeUndefined();
          await changeEmail(cookie).expect(403);

          const renewed = await http()
            .post('/auth/reauthenticate')
            .set('Cookie', cookie)
            .send({ username: 'erin' })
            .expect(200);
          expect(renewed.body).toEqual({ username: 'erin' });
          const fresh = requireCookie(renewed);
          expect(fresh).not.toBe(cookie);
          await changeEmail(fresh).expect(200);
          const me = await http().get('/auth/me').set('Cookie', fresh).expect(200);
          expect(me.body).toEqual({ username: 'erin' });
          // The id was renewed: the cookie from before is no session any more.
          await http().get('/auth/me').set('Cookie', cookie).expect(401);
        });
      });

      it('refuses a form-encoded change (400: JSON only), even for an older login, and a reauthentication without a login (403)', async () => {
        await withRecentLoginSeconds('1', async () => {
          const cookie = await login('frank');
          await new Promise((resolve) => setTimeout(resolve, 1100));
          await http()
            .post('/account/email')
            .set('Cookie', cookie)
            .type('form')
            .send({ email: 'frank@example.org' })
            .expect(400);
        });
        const guest = await http().post('/auth/reauthenticate').send({ username: 'frank' });
        expect(guest.status).toBe(403);
        expect(sessionCookie(guest)).toBeUndefined();
      });
    });

    describe('POST /auth/password-login (Passport, passport-local)', () => {
      /** Logs in with a password over JSON, from the session of `cookie` if given; returns the new cookie. */
      async function passwordLogin(username: string, password: string, cookie?: string) {
        const call = http().post('/auth/password-login').send({ username, password });
        const response = await (cookie === undefined ? call : call.set('Cookie', cookie)).expect(
          200,
        );
        expect(response.body).toEqual({ username });
        return requireCookie(response);
      }

      it('logs alice in (200 {"username"}) with a new cookie, keeping the guest cart; /auth/me then names her', async () => {
        const guest = requireCookie(await http().post('/cart').send({ item: 'apple' }).expect(200));
        const user = await passwordLogin('alice', 'wonderland', guest);
        expect(user).not.toBe(guest);
        const me = await http().get('/auth/me').set('Cookie', user).expect(200);
        expect(me.body).toEqual({ username: 'alice' });
        // As after /auth/login: the identity is no data key, the cart survived.
        const data = await http().get('/kv').set('Cookie', user).expect(200);
        expect(data.body).toEqual({ cart: ['apple'] });
        // The guest session was replaced: its cookie leads nowhere now.
        await http().get('/auth/me').set('Cookie', guest).expect(401);
        expect((await http().get('/kv').set('Cookie', guest).expect(200)).body).toEqual({});
      });

      it('logs bob in; POST /auth/logout then ends the session', async () => {
        const cookie = await passwordLogin('bob', 'builder');
        await http().get('/auth/me').set('Cookie', cookie).expect(200, { username: 'bob' });
        const response = await http().post('/auth/logout').send({}).set('Cookie', cookie);
        expect(response.status).toBe(204);
        expect(sessionCookie(response)).toBe('sid=');
        await http().get('/auth/me').set('Cookie', cookie).expect(401);
      });

      it.each([
        ['a wrong password', { username: 'alice', password: 'builder' }],
        ['an unknown user', { username: 'carol', password: 'wonderland' }],
      ])('answers 401 for %s, setting no cookie', async (_case, body) => {
        const response = await http().post('/auth/password-login').send(body).expect(401);
        expect(response.body.message).toBe('Wrong username or password.');
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it.each([
        [
          'a script tag for a name',
          { username: '<script>', password: 'x' },
          /username must be 1 to 64/,
        ],
        ['no password', { username: 'alice' }, /password must be a string/],
        ['an empty password', { username: 'alice', password: '' }, /password must be 1 to 128/],
        [
          'a number for a password',
          { username: 'alice', password: 42 },
          /password must be a string/,
        ],
        ['no username', { password: 'wonderland' }, /username must be a string/],
        [
          'an extra field',
          { username: 'alice', password: 'wonderland', admin: true },
          /property admin should not exist/,
        ],
      ])('rejects a body with %s (400)', async (_case, body, message) => {
        const response = await http().post('/auth/password-login').send(body).expect(400);
        expect(JSON.stringify(response.body.message)).toMatch(message);
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it('rejects a form body (400): JSON only', async () => {
        const response = await http()
          .post('/auth/password-login')
          .type('form')
          .send({ username: 'alice', password: 'wonderland' })
          .expect(400);
        expect(response.body.message).toMatch(/JSON/);
      });
    });

    describe("a user's sessions", () => {
      it("GET /auth/sessions lists the user's live sessions by opaque handle, the current one marked", async () => {
        const user = `list-${randomUUID().slice(0, 8)}`;
        const phone = await login(user, undefined, USER_AGENTS.iPhone);
        const laptop = await login(user, undefined, USER_AGENTS.windowsChrome);
        await http().get('/auth/sessions').expect(401);
        const response = await http().get('/auth/sessions').set('Cookie', laptop).expect(200);
        const list = response.body as Record<string, unknown>[];
        // Exactly { handle, current, createdAt, lastSeenAt, device: { browser, os, type }, ip }.
        expect(list).toEqual([
          {
            handle: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
            current: true,
            createdAt: expect.any(String),
            lastSeenAt: expect.any(String),
            device: { browser: 'Chrome', os: 'Windows', type: 'desktop' },
            ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
          },
          {
            handle: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
            current: false,
            createdAt: expect.any(String),
            lastSeenAt: expect.any(String),
            device: DEVICES.iPhone,
            ip: list[0]?.['ip'],
          },
        ]);
        for (const entry of list) {
          for (const time of [entry['createdAt'], entry['lastSeenAt']])
            expect(new Date(String(time)).toISOString()).toBe(time);
        }
        // A session with no User-Agent: its device is unknown, with null for what is not known.
        const bare = await login(user);
        const current = (
          (await http().get('/auth/sessions').set('Cookie', bare).expect(200)).body as Record<
            string,
            unknown
          >[]
        )[0];
        expect(current).toMatchObject({
          current: true,
          device: { browser: null, os: null, type: 'unknown' },
        });
        // The page shows each one's device and IP.
        const page = await http().get('/').set('Cookie', laptop).expect(200);
        expect(page.text).toContain(`Chrome on Windows (desktop), from ${String(list[0]?.['ip'])}`);
        expect(page.text).toContain('Mobile Safari on iOS (mobile), from');
        for (const cookie of [phone, laptop]) {
          const signedId = decodeURIComponent(cookie.slice('sid='.length));
          expect(response.text).not.toContain(signedId.slice(0, signedId.lastIndexOf('.')));
        }
      });

      it('a user who logged in 300 times gets at most 100 sessions, the newest first', async () => {
        const user = `many-${randomUUID().slice(0, 8)}`;
        const cookies: string[] = [];
        for (let i = 0; i < 300; i += 20) {
          cookies.push(...(await Promise.all(Array.from({ length: 20 }, () => login(user)))));
        }
        const newest = await login(user);
        const response = await http().get('/auth/sessions').set('Cookie', newest).expect(200);
        const list = response.body as { handle: string; current: boolean; createdAt: string }[];
        expect(list).toHaveLength(100);
        expect(new Set(list.map((entry) => entry.handle)).size).toBe(100);
        expect(list[0]?.current).toBe(true);
        const created = list.map((entry) => Date.parse(entry.createdAt));
        expect(created).toEqual([...created].sort((a, b) => b - a));
        // Every one of them still works: the list is a page, not a purge.
        await http()
          .get('/auth/me')
          .set('Cookie', cookies[0] as string)
          .expect(200);
      }, 180_000);

      it('POST /auth/logout-all ends every other session of the user, and only those', async () => {
        const user = `all-${randomUUID().slice(0, 8)}`;
        const [phone, laptop, tablet] = [await login(user), await login(user), await login(user)];
        const other = await login(`other-${randomUUID().slice(0, 8)}`);
        const response = await http()
          .post('/auth/logout-all')
          .send({})
          .set('Cookie', laptop)
          .expect(200);
        expect(response.body).toEqual({ ended: 2 });
        await http().get('/auth/me').set('Cookie', laptop).expect(200);
        await http().get('/auth/me').set('Cookie', phone).expect(401);
        await http().get('/auth/me').set('Cookie', tablet).expect(401);
        await http().get('/auth/me').set('Cookie', other).expect(200);
      });

      /** The handle `GET /auth/sessions` lists for the session of `cookie`, asked with that cookie. */
      async function currentHandle(cookie: string): Promise<string> {
        const response = await http().get('/auth/sessions').set('Cookie', cookie).expect(200);
        const list = response.body as { handle: string; current: boolean }[];
        const current = list.find((entry) => entry.current);
        if (current === undefined) throw new Error('no current session listed');
        return current.handle;
      }

      it("DELETE /auth/sessions/:handle ends that session of the user at once (204); another user's or no handle is 404", async () => {
        const user = `end-${randomUUID().slice(0, 8)}`;
        const [phone, laptop] = [await login(user), await login(user)];
        const stranger = await login(`stranger-${randomUUID().slice(0, 8)}`);
        const phoneHandle = await currentHandle(phone);

        // Not the caller's: nothing ends, and the answer says so.
        const refused = await http()
          .delete(`/auth/sessions/${phoneHandle}`)
          .set('Cookie', stranger)
          .expect(404);
        expect(refused.body.message).toBe('No session of yours has this handle.');
        await http().get('/auth/me').set('Cookie', phone).expect(200);
        for (const wrong of ['not-a-handle', 'x'.repeat(43), `${phoneHandle}x`]) {
          await http().delete(`/auth/sessions/${wrong}`).set('Cookie', laptop).expect(404);
        }
        await http().delete(`/auth/sessions/${phoneHandle}`).expect(401);

        await http().delete(`/auth/sessions/${phoneHandle}`).set('Cookie', laptop).expect(204);
        await http().get('/auth/me').set('Cookie', phone).expect(401);
        await http().get('/auth/me').set('Cookie', laptop).expect(200);
        const listed = await http().get('/auth/sessions').set('Cookie', laptop).expect(200);
        expect((listed.body as { handle: string }[]).map((entry) => entry.handle)).not.toContain(
          phoneHandle,
        );
        // Already ended: 404.
        await http().delete(`/auth/sessions/${phoneHandle}`).set('Cookie', laptop).expect(404);
        // The ended session is a revoked event, once (the refused and repeated ones are none).
        const events = (await http().get('/auth/events').set('Cookie', laptop).expect(200))
          .body as { type: string; handle: string }[];
        expect(events.filter((event) => event.type === 'revoked')).toEqual([
          expect.objectContaining({ type: 'revoked', handle: phoneHandle }),
        ]);
      });

      it("ending this browser's own session by its handle clears its cookie", async () => {
        const cookie = await login(`self-${randomUUID().slice(0, 8)}`);
        const handle = await currentHandle(cookie);
        const response = await http()
          .delete(`/auth/sessions/${handle}`)
          .set('Cookie', cookie)
          .expect(204);
        expect(sessionCookie(response)).toBe('sid=');
        await http().get('/auth/me').set('Cookie', cookie).expect(401);
      });

      it('the page lists an "End this session" button per session; its form post ends that one (303)', async () => {
        const user = `page-${randomUUID().slice(0, 8)}`;
        const phone = await login(user);
        const laptop = await login(user);
        const phoneHandle = await currentHandle(phone);
        const form = await pageForm(laptop);
        const page = await http().get('/').set('Cookie', form.cookie).expect(200);
        expect(page.text.match(/End this session<\/button>/g)).toHaveLength(2);
        expect(page.text).toContain(`action="/auth/sessions/${phoneHandle}/end"`);
        const ended = await postForm(`/auth/sessions/${phoneHandle}/end`, form).expect(303);
        expect(ended.headers['location']).toBe('/');
        await http().get('/auth/me').set('Cookie', phone).expect(401);
        await http().get('/auth/me').set('Cookie', form.cookie).expect(200);
        // Without the form's token: refused, and the session stays.
        const other = await login(user);
        const otherHandle = await currentHandle(other);
        await postForm(`/auth/sessions/${otherHandle}/end`, { cookie: form.cookie }).expect(403);
        await http().get('/auth/me').set('Cookie', other).expect(200);
      });
    });

    describe('GET /auth/events', () => {
      it("answers the user's last session events, newest first: { type, handle, at }", async () => {
        const user = `events-${randomUUID().slice(0, 8)}`;
        await http().get('/auth/events').expect(401);
        const first = await login(user);
        const firstHandle = (await http().get('/auth/sessions').set('Cookie', first).expect(200))
          .body[0].handle as string;
        await http().post('/auth/logout').set('Cookie', first).send({}).expect(204);
        const second = await login(user);
        const response = await http().get('/auth/events').set('Cookie', second).expect(200);
        const events = response.body as { type: string; handle: string; at: string }[];
        expect(events.map((event) => event.type)).toEqual([
          'loggedIn',
          'created',
          'destroyed',
          'loggedIn',
          'created',
        ]);
        expect(events[2]?.handle).toBe(firstHandle);
        expect(events[3]?.handle).toBe(firstHandle);
        const times = events.map((event) => Date.parse(event.at));
        expect(times.every((time) => !Number.isNaN(time))).toBe(true);
        expect(times).toEqual([...times].sort((a, b) => b - a));
        // Another user sees none of them.
        const other = await login(`other-${randomUUID().slice(0, 8)}`);
        const theirs = await http().get('/auth/events').set('Cookie', other).expect(200);
        expect((theirs.body as { handle: string }[]).map((event) => event.handle)).not.toContain(
          firstHandle,
        );
      });
    });

    describe('GET /health/session', () => {
      it('reports the session table up', async () => {
        const response = await http().get('/health/session').expect(200);
        expect(response.body).toMatchObject({
          status: 'ok',
          info: { session: { status: 'up', table: tableName, ttl: 'ENABLED' } },
        });
      });
    });

    describe('HTML forms', () => {
      it('logs in with a form post: 303 to /, with the session cookie', async () => {
        const form = await pageForm();
        const response = await postForm('/auth/login', form, { username: 'dave' }).expect(303);
        expect(response.headers['location']).toBe('/');
        const cookie = requireCookie(response);
        const page = await http().get('/').set('Cookie', cookie).expect(200);
        expect(page.text).toContain('Logged in as <strong>dave</strong>');
      });

      it('adds to the cart and counts visits with form posts (303)', async () => {
        const form = await pageForm();
        const added = await postForm('/cart', form, { item: 'plum' }).expect(303);
        expect(added.headers['location']).toBe('/');
        // Stored now: its session carries the pre-session secret over, so the page's token still works.
        const cookie = requireCookie(added);
        expect(sessionCookie(added, PRE_SESSION)).toBe(`${PRE_SESSION}=`);
        const counted = await postForm('/visits', { cookie, token: form.token });
        expect(counted.status).toBe(303);
        expect(counted.headers['location']).toBe('/');
        const data = await http().get('/kv').set('Cookie', cookie).expect(200);
        expect(data.body).toEqual({ cart: ['plum'], visits: 1 });
      });

      it('logs out with a form post (303), clearing the cookie', async () => {
        const cookie = await login('erin');
        const form = await pageForm(cookie);
        const response = await http()
          .post('/auth/logout')
          .set('Cookie', form.cookie)
          .set('Content-Type', FORM_TYPE)
          .send(`_csrf=${encodeURIComponent(form.token)}`)
          .expect(303);
        expect(response.headers['location']).toBe('/');
        expect(sessionCookie(response)).toBe('sid=');
        await http().get('/auth/me').set('Cookie', cookie).expect(401);
      });

      it('answers an invalid form with 400, not a redirect', async () => {
        const form = await pageForm();
        const response = await postForm('/auth/login', form, { username: '<script>' }).expect(400);
        expect(response.headers['location']).toBeUndefined();
      });

      it.each([
        ['without a token', undefined],
        ['with a made-up token', `${'A'.repeat(22)}.${'B'.repeat(43)}`],
        ['with a token of another session', 'other'],
      ])('refuses a form post %s (403), storing nothing', async (_case, given) => {
        const form = await pageForm();
        const token = given === 'other' ? (await pageForm()).token : given;
        const before = (await scanSessions()).length;
        for (const path of ['/cart', '/auth/login', '/visits', '/auth/logout']) {
          const forged = { item: 'forged', username: 'mallory' };
          const response = await postForm(path, { cookie: form.cookie, token }, forged).expect(403);
          expect(response.body.message).toMatch(/CSRF token/);
          expect(response.headers['location']).toBeUndefined();
        }
        expect((await scanSessions()).length).toBe(before);
        const data = await http().get('/kv').set('Cookie', form.cookie).expect(200);
        expect(data.body).toEqual({});
      });

      it('refuses a token from before login: login gives the session a new secret', async () => {
        const form = await pageForm();
        const cookie = await login('frank', form.cookie);
        const stale = { cookie, token: form.token };
        await postForm('/cart', stale, { item: 'stale' }).expect(403);
        const fresh = await pageForm(cookie);
        await postForm('/cart', fresh, { item: 'fresh' }).expect(303);
        const data = await http().get('/kv').set('Cookie', fresh.cookie).expect(200);
        expect(data.body).toMatchObject({ cart: ['fresh'] });
      });

      it('takes the token in the x-csrf-token header too, and lets JSON requests through without one', async () => {
        const form = await pageForm();
        const added = await postForm('/cart', { cookie: form.cookie }, { item: 'by-header' })
          .set('x-csrf-token', form.token)
          .expect(303);
        const cookie = requireCookie(added);
        await http().post('/cart').set('Cookie', cookie).send({ item: 'json' }).expect(200);
        // A body-less POST is not JSON: a cross-site page can send one without asking.
        await http().post('/auth/logout').set('Cookie', cookie).expect(403);
        const data = await http().get('/kv').set('Cookie', cookie).expect(200);
        expect(data.body).toEqual({ cart: ['by-header', 'json'] });
      });
    });

    describe('POST /visits', () => {
      it('counts the visits of the session, from 1', async () => {
        const first = await http().post('/visits').send({}).expect(200);
        expect(first.body).toEqual({ visits: 1 });
        const cookie = requireCookie(first);
        const second = await http().post('/visits').send({}).set('Cookie', cookie).expect(200);
        expect(second.body).toEqual({ visits: 2 });
        const third = await http().post('/visits').send({}).set('Cookie', cookie).expect(200);
        expect(third.body).toEqual({ visits: 3 });
      });

      it('counts from 1 when /kv stored something that is not a count', async () => {
        const cookie = requireCookie(
          await http().put('/kv/visits').send({ value: 'many' }).expect(200),
        );
        const response = await http().post('/visits').send({}).set('Cookie', cookie).expect(200);
        expect(response.body).toEqual({ visits: 1 });
      });
    });

    describe('POST /cart', () => {
      it.each([
        ['an empty item', { item: '' }, /item must be 1 to 100 characters/],
        ['101 characters', { item: 'x'.repeat(101) }, /item must be 1 to 100 characters/],
        ['a number', { item: 7 }, /item must be a string/],
        ['no item', {}, /item must be a string/],
        ['an extra field', { item: 'a', price: 1 }, /property price should not exist/],
      ])('rejects %s (400)', async (_case, body, message) => {
        const response = await http().post('/cart').send(body).expect(400);
        expect(JSON.stringify(response.body.message)).toMatch(message);
      });

      it('accepts 100 characters', async () => {
        const response = await http()
          .post('/cart')
          .send({ item: 'x'.repeat(100) })
          .expect(200);
        expect(response.body).toEqual({ cart: ['x'.repeat(100)] });
      });
    });

    describe('socket.io namespace /live (the same server and port)', () => {
      const sockets: Socket[] = [];
      afterEach(() => {
        for (const socket of sockets.splice(0)) socket.disconnect();
      });
      async function live(cookie?: string): Promise<Socket> {
        const socket = await connectSocketIo(`${running.sample.url}/live`, cookie);
        sockets.push(socket);
        return socket;
      }

      it('whoami acks the username of the handshake cookie, null once logged out over HTTP', async () => {
        const cookie = await login('ivy');
        const socket = await live(cookie);
        expect(await ask(socket, 'whoami')).toEqual({ ack: { username: 'ivy' } });
        await http().post('/auth/logout').send({}).set('Cookie', cookie).expect(204);
        expect(await ask(socket, 'whoami')).toEqual({ ack: { username: null } });
        expect(await ask(await live(), 'whoami')).toEqual({ ack: { username: null } });
      });

      it('get and set share the values of /kv/:key; set without a stored session acks an error', async () => {
        const cookie = requireCookie(
          await http()
            .put('/kv/a')
            .send({ value: [1] })
            .expect(200),
        );
        const socket = await live(cookie);
        expect(await ask(socket, 'get', { key: 'a' })).toEqual({ ack: { value: [1] } });
        expect(await ask(socket, 'get', { key: 'missing' })).toEqual({ ack: { value: null } });
        expect(await ask(socket, 'set', { key: 'b', value: { x: 'y' } })).toEqual({
          ack: { ok: true },
        });
        await http()
          .get('/kv/b')
          .set('Cookie', cookie)
          .expect(200, { value: { x: 'y' } });
        const guest = await live();
        const refused = await ask(guest, 'set', { key: 'b', value: 1 });
        expect(refused).toEqual({ ack: { error: expect.stringMatching(/no stored session/) } });
        const badKey = await ask(socket, 'get', { key: 'userId' });
        expect(badKey).toEqual({ ack: { error: expect.stringMatching(/POST \/auth\/login/) } });
      });

      it('secret acks a secret when logged in, and sends a guest an error it can see', async () => {
        const guest = await live();
        expect(await ask(guest, 'secret')).toEqual({
          exception: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        });
        const socket = await live(await login('jo'));
        expect(await ask(socket, 'secret')).toEqual({
          ack: { secret: expect.any(String) },
        });
      });
    });

    describe('/kv', () => {
      it('sets, reads, lists and deletes top-level session values, stored in DynamoDB', async () => {
        const value = { nested: [1, null, 'two', { three: true }], n: -1.5 };
        const put = await http().put('/kv/profile').send({ value }).expect(200);
        expect(put.body).toEqual({ key: 'profile', value });
        const cookie = requireCookie(put);

        const got = await http().get('/kv/profile').set('Cookie', cookie).expect(200);
        expect(got.body).toEqual({ value });

        const nothing = await http().put('/kv/nothing').set('Cookie', cookie).send({ value: null });
        expect(nothing.status).toBe(200);
        expect(nothing.body).toEqual({ key: 'nothing', value: null });
        await http().put('/kv/flag').set('Cookie', cookie).send({ value: false }).expect(200);
        const all = await http().get('/kv').set('Cookie', cookie).expect(200);
        expect(all.body).toEqual({ profile: value, nothing: null, flag: false });
        const empty = await http().get('/kv/nothing').set('Cookie', cookie).expect(200);
        expect(empty.body).toEqual({ value: null });

        const items = await scanSessions();
        expect(items.map((item) => item['data'])).toContainEqual({
          profile: value,
          nothing: null,
          flag: false,
        });

        await http().delete('/kv/profile').set('Cookie', cookie).expect(204);
        await http().delete('/kv/profile').set('Cookie', cookie).expect(204);
        const gone = await http().get('/kv/profile').set('Cookie', cookie).expect(404);
        expect(gone.body.message).toMatch(/no value under "profile"/);
        const rest = await http().get('/kv').set('Cookie', cookie).expect(200);
        expect(rest.body).toEqual({ nothing: null, flag: false });
      });

      it('answers 404 for a key the session does not hold, inherited names included', async () => {
        await http().get('/kv/missing').expect(404);
        await http().get('/kv/constructor').expect(404);
        await http().get('/kv/toString').expect(404);
      });

      it('answers {} for GET /kv without a session, and sets no cookie', async () => {
        const response = await http().get('/kv').expect(200);
        expect(response.body).toEqual({});
        expect(response.headers['set-cookie']).toBeUndefined();
      });

      it.each([
        ['a dot', 'a.b'],
        ['65 characters', 'k'.repeat(65)],
        ['markup', '%3Cb%3E'],
        ['a space', 'a%20b'],
      ])('rejects a key with %s (400)', async (_case, key) => {
        for (const call of [
          http().put(`/kv/${key}`).send({ value: 1 }),
          http().get(`/kv/${key}`),
          http().delete(`/kv/${key}`),
        ]) {
          const response = await call;
          expect(response.status).toBe(400);
          expect(JSON.stringify(response.body.message)).toMatch(/key must be 1 to 64 letters/);
        }
      });

      it('accepts a key of 64 characters', async () => {
        await http()
          .put(`/kv/${'k'.repeat(64)}`)
          .send({ value: 1 })
          .expect(200);
      });

      it('refuses the userId key (400): a client cannot log itself in through /kv', async () => {
        const response = await http().put('/kv/userId').send({ value: 'mallory' }).expect(400);
        expect(JSON.stringify(response.body.message)).toMatch(/userId.*POST \/auth\/login/);
        expect(response.headers['set-cookie']).toBeUndefined();

        const cookie = await login('alice');
        await http().delete('/kv/userId').set('Cookie', cookie).expect(400);
        await http().get('/kv/userId').set('Cookie', cookie).expect(400);
        const me = await http().get('/auth/me').set('Cookie', cookie).expect(200);
        expect(me.body).toEqual({ username: 'alice' });
      });

      it.each(['id', 'isNew', 'regenerate', 'destroy', 'touch', '__proto__'])(
        'refuses the key %s, reserved by the session object (400, not 500)',
        async (key) => {
          for (const call of [
            http().put(`/kv/${key}`).send({ value: 1 }),
            http().get(`/kv/${key}`),
            http().delete(`/kv/${key}`),
          ]) {
            const response = await call;
            expect(response.status).toBe(400);
            expect(JSON.stringify(response.body.message)).toMatch(/reserved by the session object/);
          }
        },
      );

      it('requires a value (400), and nothing else in the body', async () => {
        const missing = await http().put('/kv/a').send({}).expect(400);
        expect(JSON.stringify(missing.body.message)).toMatch(/value is required/);
        const extra = await http().put('/kv/a').send({ value: 1, other: 2 }).expect(400);
        expect(JSON.stringify(extra.body.message)).toMatch(/property other should not exist/);
        const list = await http().put('/kv/a').send([1, 2]).expect(400);
        expect(JSON.stringify(list.body.message)).toMatch(/value is required/);
      });

      it('requires a JSON body (400)', async () => {
        const text = await http().put('/kv/a').set('Content-Type', 'text/plain').send('hello');
        expect(text.status).toBe(400);
        expect(text.body.message).toMatch(/Content-Type: application\/json/);
        const form = await http().put('/kv/a').type('form').send({ value: 'x' }).expect(400);
        expect(form.body.message).toMatch(/Content-Type: application\/json/);
        const none = await http().put('/kv/a').expect(400);
        expect(none.body.message).toMatch(/Content-Type: application\/json/);
        const broken = await http().put('/kv/a').set('Content-Type', JSON_TYPE).send('{"value":');
        expect(broken.status).toBe(400);
        expect(broken.body.message).toEqual(expect.any(String));
        expect(broken.body.statusCode).toBe(400);
      });

      it.each([
        ['a number beyond 2^53', '{"value": 1e20}', /outside the range a session stores/],
        ['a number too close to 0', '{"value": [1e-200]}', /outside the range a session stores/],
        ['an empty object key', '{"value": {"a": {"": 1}}}', /has an empty key/],
        [
          'nesting deeper than 30 levels',
          `{"value": ${'['.repeat(31)}${']'.repeat(31)}}`,
          /nests deeper than 30 levels/,
        ],
      ])(
        'refuses a value DynamoDB cannot store: %s (400, not 503)',
        async (_case, body, message) => {
          const response = await http().put('/kv/a').set('Content-Type', JSON_TYPE).send(body);
          expect(response.status).toBe(400);
          expect(JSON.stringify(response.body.message)).toMatch(/value cannot be stored/);
          expect(JSON.stringify(response.body.message)).toMatch(message);
        },
      );

      it('stores values at the edges of what DynamoDB takes', async () => {
        const value = {
          big: Number.MAX_SAFE_INTEGER,
          small: -1e-130,
          // 30 levels with the object around it.
          deep: JSON.parse(`${'['.repeat(29)}${']'.repeat(29)}`) as unknown,
          text: '',
        };
        const put = await http().put('/kv/edges').send({ value }).expect(200);
        const got = await http().get('/kv/edges').set('Cookie', requireCookie(put)).expect(200);
        expect(got.body).toEqual({ value });
      });
    });

    /** Every stored session of the sample's table, straight from DynamoDB. */
    async function scanSessions(): Promise<Record<string, unknown>[]> {
      const client = new DynamoDBClient({
        endpoint: process.env['DYNAMODB_ENDPOINT'],
        region: process.env['AWS_REGION'],
      });
      try {
        const result = await DynamoDBDocumentClient.from(client).send(
          new ScanCommand({ TableName: tableName, ConsistentRead: true }),
        );
        return (result.Items ?? []) as Record<string, unknown>[];
      } finally {
        client.destroy();
      }
    }
  },
);

describe.each(['express', 'fastify'])(
  'the sample app on %s behind a trusted proxy (SAMPLE_TRUST_PROXY=true)',
  (platform) => {
    const running = runSampleAround(platform, `sample-proxy-${randomUUID()}`, {
      SAMPLE_TRUST_PROXY: 'true',
    });
    const http = () => request(running.sample.url);

    it('lists the IP a session logged in from as X-Forwarded-For names the client', async () => {
      const login = await http()
        .post('/auth/login')
        .set('User-Agent', USER_AGENTS.androidFirefox)
        .set('X-Forwarded-For', '203.0.113.7, 10.0.0.2')
        .send({ username: `proxied-${randomUUID().slice(0, 8)}` })
        .expect(200);
      const response = await http()
        .get('/auth/sessions')
        .set('Cookie', requireCookie(login))
        .expect(200);
      expect(response.body).toEqual([
        expect.objectContaining({
          current: true,
          device: DEVICES.androidFirefox,
          ip: '203.0.113.7',
        }),
      ]);
    });
  },
);

describe.each(['express', 'fastify'])(
  'the sample app on %s with SESSION_ABSOLUTE_TIMEOUT=5',
  (platform) => {
    const running = runSampleAround(platform, `sample-absolute-${randomUUID()}`, {
      SESSION_ABSOLUTE_TIMEOUT: '5',
    });
    const http = () => request(running.sample.url);

    const login = async (username: string, cookie: string): Promise<string> =>
      requireCookie(
        await http().post('/auth/login').set('Cookie', cookie).send({ username }).expect(200),
      );
    /** When the session of `cookie` began, from `GET /auth/sessions`; undefined once it has ended. */
    const createdAt = async (cookie: string): Promise<number | undefined> => {
      const response = await http().get('/auth/sessions').set('Cookie', cookie);
      if (response.status === 401) return undefined;
      expect(response.status).toBe(200);
      const list = response.body as { current: boolean; createdAt: string }[];
      return Date.parse(list.find((entry) => entry.current)?.createdAt ?? 'none');
    };

    it('a guest that logs in starts a new lifetime; logging in again as that user never extends it', async () => {
      const guest = requireCookie(await http().post('/cart').send({ item: 'apple' }).expect(200));
      const beforeLogin = Date.now();
      let cookie = await login('carol', guest);
      // The identity changed: the lifetime starts at the login, not when the guest session began.
      const lifetimeStart = (await createdAt(cookie)) ?? Number.NaN;
      expect(lifetimeStart).toBeGreaterThanOrEqual(beforeLogin);

      // Log in again and again as carol: each login renews the id, none extends the lifetime, so
      // the session ends SESSION_ABSOLUTE_TIMEOUT after the first login. Bounded: a session whose
      // lifetime restarted at each login would never end.
      let ended = false;
      for (let round = 0; round < 100 && !ended; round += 1) {
        const me = await http().get('/auth/me').set('Cookie', cookie);
        if (me.status === 401) {
          ended = true;
          break;
        }
        expect(me.status).toBe(200);
        const again = await http()
          .post('/auth/login')
          .set('Cookie', cookie)
          .send({ username: 'carol' });
        if (again.status === 409) {
          // The session ended while this login ran: the login refuses to revive it.
          expect(Date.now()).toBeGreaterThanOrEqual(lifetimeStart + 5000);
          ended = true;
          break;
        }
        cookie = requireCookie(again);
        const started = await createdAt(cookie);
        if (started !== lifetimeStart) {
          // The session ended between two requests (this login may have begun a new one).
          expect(Date.now()).toBeGreaterThanOrEqual(lifetimeStart + 5000);
          ended = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(ended).toBe(true);
      expect(Date.now()).toBeGreaterThanOrEqual(lifetimeStart + 5000);
    }, 120_000);
  },
);

describe.each(['express', 'fastify'])(
  'the sample app on %s moving sessions off connect-dynamodb (SESSION_LEGACY_*)',
  (platform) => {
    const legacyTable = `sample-legacy-${randomUUID()}`;
    const env = {
      SESSION_LEGACY_TABLE: legacyTable,
      SESSION_LEGACY_COOKIE: 'old.sid',
      SESSION_LEGACY_SECRET: 'the-old-secret, an-older-secret',
      SESSION_LEGACY_PREFIX: 'app:',
    };
    const running = runSampleAround(platform, `sample-legacy-to-${randomUUID()}`, env);
    const http = () => request(running.sample.url);
    let client: DynamoDBClient;
    let legacy: Express;

    beforeAll(() => {
      client = new DynamoDBClient({
        endpoint: process.env['DYNAMODB_ENDPOINT'],
        region: process.env['AWS_REGION'],
      });
      // The app being moved off, signing with the older of the two secrets it rotated through.
      legacy = connectDynamoDbApp(client, {
        secret: 'an-older-secret',
        table: legacyTable,
        name: 'old.sid',
        prefix: 'app:',
      });
    });
    afterAll(async () => {
      await deleteSampleTable(legacyTable, process.env);
      client.destroy();
    });

    it('moves a legacy session over: the Passport user stays logged in, the cart is kept, the old cookie is cleared', async () => {
      const made = await request(legacy)
        .post('/set')
        .send({ passport: { user: 'alice' }, cart: ['apple'] })
        .expect(200);
      const old = expressSessionCookieFrom(made, 'old.sid');
      const moved = await http().get('/auth/me').set('Cookie', old).expect(200);
      expect(moved.body).toEqual({ username: 'alice' });
      const cookie = requireCookie(moved);
      const header = moved.headers['set-cookie'] as unknown as string[];
      expect(header.find((value) => value.startsWith('old.sid='))).toMatch(
        /^old\.sid=;.*Max-Age=0/,
      );
      await http()
        .get('/kv')
        .set('Cookie', cookie)
        .expect(200, { cart: ['apple'] });
      await http().get('/auth/me').set('Cookie', cookie).expect(200, { username: 'alice' });
      // Moved once: the old cookie alone is a guest now.
      await http().get('/auth/me').set('Cookie', old).expect(401);
      await request(legacy).get('/get').set('Cookie', old).expect(200, {});
    });

    it('POST /auth/logout on the legacy cookie ends the legacy session: the user is not moved over later', async () => {
      const made = await request(legacy).post('/set').send({ userId: 'dave' }).expect(200);
      const old = expressSessionCookieFrom(made, 'old.sid');
      await http().post('/auth/logout').set('Cookie', old).send({}).expect(204);
      await http().get('/auth/me').set('Cookie', old).expect(401);
      await request(legacy).get('/get').set('Cookie', old).expect(200, {});
    });

    it('ignores a legacy cookie that does not verify', async () => {
      const made = await request(legacy).post('/set').send({ userId: 'bob' }).expect(200);
      const old = expressSessionCookieFrom(made, 'old.sid');
      const tampered = `${old.slice(0, -1)}${old.endsWith('A') ? 'B' : 'A'}`;
      const response = await http().get('/auth/me').set('Cookie', tampered).expect(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    });
  },
);

describe('the sample app with bad settings', () => {
  const savedEnv = { ...process.env };
  afterEach(() => restoreEnv(savedEnv));

  it("rejects with the library's error instead of exiting the process", async () => {
    process.env['SESSION_SECRET'] = 'too-short';
    process.env['SESSION_TABLE'] = `sample-bad-${randomUUID()}`;
    const started = startSample({ port: 0, logger: false });
    await expect(started).rejects.toThrow(InvalidSessionOptionsError);
    await expect(started).rejects.toThrow(/secret: must each be at least 32 characters long/);
  });

  it('names the missing SESSION_LEGACY_TABLE when only the other legacy variables are set', async () => {
    process.env['SESSION_SECRET'] = SECRET;
    process.env['SESSION_TABLE'] = `sample-bad-${randomUUID()}`;
    process.env['SESSION_LEGACY_COOKIE'] = 'old.sid';
    await expect(startSample({ port: 0, logger: false })).rejects.toThrow(
      /legacy\.tableName: is required to migrate from connect-dynamodb.*\(env SESSION_LEGACY_TABLE\)/,
    );
  });

  it('rejects a PORT that is not a port number', async () => {
    process.env['PORT'] = '80a';
    await expect(startSample({ logger: false })).rejects.toThrow(/PORT must be a port number/);
  });
});

/**
 * The samples a describe starts one after the other on one table (`start(env)`: the run's environment
 * with `base` and `env`), each stopped by `stop()` or after each test; after all, the table is deleted
 * and the environment put back.
 */
function samplesOnOneTable(tableName: string, base: Record<string, string> = {}) {
  const savedEnv = { ...process.env };
  let sample: RunningSample | undefined;
  afterEach(async () => {
    await sample?.stop();
    sample = undefined;
  });
  afterAll(async () => {
    await deleteSampleTable(tableName, savedEnv);
    restoreEnv(savedEnv);
  });
  return {
    stop: async () => {
      await sample?.stop();
      sample = undefined;
    },
    async start(env: Record<string, string>): Promise<() => ReturnType<typeof request>> {
      restoreEnv(savedEnv);
      Object.assign(process.env, { SESSION_SECRET: SECRET, SESSION_TABLE: tableName, PORT: '0' });
      Object.assign(process.env, base, env);
      const started = await startSample({ logger: false });
      sample = started;
      return () => request(started.url);
    },
  };
}

describe('the sample app with SESSION_ENCRYPTION_KEYS, then SESSION_NOT_BEFORE', () => {
  const tableName = `sample-protected-${randomUUID()}`;
  const key = `k1:${randomBytes(32).toString('base64')}`;
  const { start, stop } = samplesOnOneTable(tableName);

  it('stores no plain text but the userId; SESSION_NOT_BEFORE then ends the older sessions', async () => {
    let http = await start({ SESSION_ENCRYPTION_KEYS: key, SESSION_COMPRESSION_THRESHOLD: '64' });
    const guest = requireCookie(
      await http().post('/cart').send({ item: 'plaintext-apple' }).expect(200),
    );
    const login = await http()
      .post('/auth/login')
      .set('Cookie', guest)
      .send({ username: 'ulla' })
      .expect(200);
    const cookie = requireCookie(login);
    await http()
      .put('/kv/note')
      .set('Cookie', cookie)
      .send({ value: 'x'.repeat(500) });
    const page = await http().get('/').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('<li>plaintext-apple</li>');

    const client = new DynamoDBClient({
      endpoint: process.env['DYNAMODB_ENDPOINT'],
      region: process.env['AWS_REGION'],
    });
    try {
      const { Items = [] } = await client.send(
        new RawScanCommand({ TableName: tableName, ConsistentRead: true }),
      );
      const dump = JSON.stringify(Items, (_name, value: unknown) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value,
      );
      expect(dump).not.toContain('plaintext-apple');
      expect(dump).not.toContain('xxxxxxxx');
      // The user index's key, and only it, is in the clear.
      expect(Items.map((item) => item['userId']?.S)).toContain('ulla');
      expect(dump.split('ulla').length - 1).toBe(1);
    } finally {
      client.destroy();
    }
    await stop();

    http = await start({
      SESSION_ENCRYPTION_KEYS: key,
      SESSION_NOT_BEFORE: new Date().toISOString(),
    });
    await http().get('/auth/me').set('Cookie', cookie).expect(401);
    const after = await http().get('/').set('Cookie', cookie).expect(200);
    expect(after.text).toMatch(/not logged in/i);
    expect(after.text).toContain('The cart is empty.');
  });
});

describe('the sample app without DYNAMODB_ENDPOINT (npm start on a bare machine)', () => {
  it('starts its own DynamoDB Local, serves sessions from it, and stops it', async () => {
    const savedEnv = { ...process.env };
    // The app reads its configuration from process.env (@nestjs/config, the AWS SDK), so this is
    // where the variable has to be missing; everything is put back below.
    delete process.env['DYNAMODB_ENDPOINT'];
    delete process.env['SESSION_SECRET'];
    process.env['SESSION_TABLE'] = `sample-embedded-${randomUUID()}`;
    let sample: RunningSample | undefined;
    try {
      sample = await startSample({ port: 0, logger: false });
      const embedded = sample.embeddedDynamoDb;
      if (embedded === undefined) throw new Error('expected an embedded DynamoDB Local');
      expect(isAlive(embedded.pid)).toBe(true);
      expect(embedded.endpoint).not.toBe(savedEnv['DYNAMODB_ENDPOINT']);
      expect(process.env['DYNAMODB_ENDPOINT']).toBe(embedded.endpoint);
      // A random development secret, long enough for the library.
      expect(process.env['SESSION_SECRET']?.length).toBeGreaterThanOrEqual(64);

      const health = await request(sample.url).get('/health').expect(200);
      expect(health.body).toEqual({ status: 'ok' });
      // The table exists only in the embedded emulator, so a stored session proves the app uses it.
      const put = await request(sample.url).put('/kv/where').send({ value: 'embedded' });
      expect(put.status).toBe(200);
      const got = await request(sample.url)
        .get('/kv/where')
        .set('Cookie', requireCookie(put))
        .expect(200);
      expect(got.body).toEqual({ value: 'embedded' });

      await sample.stop();
      expect(() => process.kill(embedded.pid, 0)).toThrow();
      await sample.stop();
    } finally {
      await sample?.stop();
      restoreEnv(savedEnv);
    }
  }, 90_000);
});

describe.each(['express', 'fastify'])(
  'the sample app with SESSION_MAX_PER_USER and SESSION_ON_LIMIT (%s)',
  (platform) => {
    const { start, stop } = samplesOnOneTable(`sample-limit-${randomUUID()}`, {
      SAMPLE_PLATFORM: platform,
    });

    it('refuse: a login past the limit answers 409 {"code":"SESSION_LIMIT"}; evict-oldest: the oldest session ends', async () => {
      let http = await start({ SESSION_MAX_PER_USER: '2', SESSION_ON_LIMIT: 'refuse' });
      const user = `limit-${randomUUID().slice(0, 8)}`;
      const logIn = () => http().post('/auth/login').send({ username: user });
      const [first, second] = [
        requireCookie(await logIn().expect(200)),
        requireCookie(await logIn().expect(200)),
      ];
      const refused = await logIn().expect(409);
      expect(refused.body).toMatchObject({ code: 'SESSION_LIMIT' });
      await http().get('/auth/me').set('Cookie', first).expect(200);
      await stop();

      http = await start({ SESSION_MAX_PER_USER: '2', SESSION_ON_LIMIT: 'evict-oldest' });
      const third = requireCookie(await logIn().expect(200));
      await http().get('/auth/me').set('Cookie', first).expect(401);
      await http().get('/auth/me').set('Cookie', second).expect(200);
      await http().get('/auth/me').set('Cookie', third).expect(200);
    });
  },
);
