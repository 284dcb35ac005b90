import request from 'supertest';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie, sessionIdFrom, setCookies } from './support/cookies.js';
import { CsrfProbeController } from './support/csrf-probe.controller.js';
import { getItem } from './support/dynamodb.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

/** The pre-session CSRF cookie of the default session cookie name. */
const PRE_SESSION = 'sid.csrf';
/** DynamoDB operations that write. */
const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'];

describe.each(PLATFORMS)('CSRF tokens of visitors without a stored session (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({}, [CsrfProbeController], { platform });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A stranger's token and the pre-session cookie it belongs to (as a Cookie header). */
  async function strangerToken(): Promise<{ cookie: string; token: string }> {
    const response = await api().get('/token').expect(200);
    return {
      cookie: cookieHeaderFrom(response, PRE_SESSION),
      token: (response.body as { token: string }).token,
    };
  }

  /** The DynamoDB writes sent while `run` ran. */
  async function writesDuring(run: () => Promise<unknown>): Promise<string[]> {
    t.client.reset();
    await run();
    return t.client.calls.filter((name) => WRITES.includes(name));
  }

  it('hands a stranger a token without a DynamoDB call or a session cookie: only the pre-session cookie', async () => {
    t.client.reset();
    const response = await api().get('/token').expect(200);
    expect(t.client.calls).toEqual([]);
    expect(sessionCookie(response)).toBeUndefined();
    const cookie = sessionCookie(response, PRE_SESSION);
    expect(cookie).toMatchObject({ httpOnly: true, path: '/', sameSite: 'lax' });
    expect(cookie?.maxAge).toBeUndefined();
    expect(cookie?.expires).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    // The cookie carries the secret, not a token: a token is salted, each one another.
    expect(cookie?.value).not.toContain(String(response.body.token));
  });

  it('keeps the pre-session cookie as it is while the visitor has no stored session', async () => {
    const { cookie, token } = await strangerToken();
    t.client.reset();
    const again = await api().get('/token').set('Cookie', cookie).expect(200);
    expect(t.client.calls).toEqual([]);
    expect(setCookies(again)).toEqual([]);
    const guarded = await api()
      .post('/guarded/noop')
      .set('Cookie', cookie)
      .send({ _csrf: again.body.token })
      .expect(200);
    expect(setCookies(guarded)).toEqual([]);
    await api().post('/guarded/noop').set('Cookie', cookie).set('x-csrf-token', token).expect(200);
  });

  it('carries the secret over when the session is stored: tokens already handed out keep working, the cookie goes', async () => {
    const { cookie, token } = await strangerToken();
    const stored = await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, value: 'first' })
      .expect(200);
    const session = cookieHeaderFrom(stored);
    expect(sessionCookie(stored, PRE_SESSION)).toMatchObject({ value: '', maxAge: 0 });
    const key = sessionKey(sessionIdFrom(session, TEST_SECRET));
    const data = (await getItem(t.client, t.tableName, key))?.['data'] as Record<string, unknown>;
    expect(cookie).toContain(encodeURIComponent(String(data['_csrfSecret'])));
    await api()
      .post('/guarded')
      .set('Cookie', session)
      .send({ _csrf: token, value: 'second' })
      .expect(200);
    expect((await api().get('/data').set('Cookie', session).expect(200)).body).toEqual({
      value: 'second',
    });
  });

  it.each([
    ['no token', () => ({})],
    ['a made-up token', () => ({ _csrf: `${'a'.repeat(22)}.${'b'.repeat(43)}` })],
  ])('refuses a stranger with %s (403), writing nothing', async (_case, body) => {
    const { cookie } = await strangerToken();
    const writes = await writesDuring(async () => {
      const response = await api().post('/guarded').set('Cookie', cookie).send(body()).expect(403);
      expect(response.body.message).toMatch(/CSRF token/);
      expect(setCookies(response)).toEqual([]);
    });
    expect(writes).toEqual([]);
  });

  it("refuses a token of another visitor's pre-session cookie, and a token without its cookie", async () => {
    const mine = await strangerToken();
    const theirs = await strangerToken();
    const writes = await writesDuring(async () => {
      await api()
        .post('/guarded')
        .set('Cookie', mine.cookie)
        .set('x-csrf-token', theirs.token)
        .expect(403);
      await api().post('/guarded').set('x-csrf-token', mine.token).expect(403);
    });
    expect(writes).toEqual([]);
  });

  it('refuses a pre-session cookie it did not make (a secret of its own, or one MACed with another key)', async () => {
    const { cookie, token } = await strangerToken();
    const [name, value = ''] = cookie.split('=');
    const [secret = '', mac = ''] = decodeURIComponent(value).split('.');
    const forged = [
      `${name}=${secret}`,
      `${name}=${secret}.${mac.slice(0, -2)}AA`,
      `${name}=${'A'.repeat(43)}.${mac}`,
    ];
    for (const header of forged) {
      await api().post('/guarded').set('Cookie', header).set('x-csrf-token', token).expect(403);
    }
  });

  it('gives a login a fresh secret: a pre-session token stops working, and the pre-session cookie goes', async () => {
    const { cookie, token } = await strangerToken();
    const login = await api().post('/login').set('Cookie', cookie).set('x-csrf-token', token);
    expect(login.status).toBe(200);
    expect(sessionCookie(login, PRE_SESSION)).toMatchObject({ value: '', maxAge: 0 });
    const session = cookieHeaderFrom(login);
    await api().post('/guarded').set('Cookie', session).set('x-csrf-token', token).expect(403);
    await api()
      .post('/guarded')
      .set('Cookie', session)
      .set('x-csrf-token', login.body.token)
      .send({})
      .expect(200);
  });

  it('never lets a pre-session cookie stand in for the secret of a stored session', async () => {
    const { cookie, token } = await strangerToken();
    const login = await api().post('/login/quiet').set('Cookie', cookie).set('x-csrf-token', token);
    expect(login.status).toBe(200);
    // The browser still holds the pre-session cookie (tossed back, say): the stored session, which
    // has no secret yet, does not take it.
    const both = `${cookieHeaderFrom(login)}; ${cookie}`;
    await api().post('/guarded').set('Cookie', both).set('x-csrf-token', token).expect(403);
    const read = await api().get('/data').set('Cookie', both).expect(200);
    expect(sessionCookie(read, PRE_SESSION)).toMatchObject({ value: '', maxAge: 0 });
  });

  it('drops the secret at a logout of a visitor without a stored session', async () => {
    const { cookie, token } = await strangerToken();
    const logout = await api().post('/logout').set('Cookie', cookie).set('x-csrf-token', token);
    expect(logout.status).toBe(200);
    expect(sessionCookie(logout)).toBeUndefined();
    expect(sessionCookie(logout, PRE_SESSION)).toMatchObject({ value: '', maxAge: 0 });
  });
});
