import request from 'supertest';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { CsrfProbeController } from './support/csrf-probe.controller.js';
import { getItem } from './support/dynamodb.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

/** What the session of {@link sessionWithToken} holds. */
const GUEST = { guest: true };

describe.each(PLATFORMS)('CSRF tokens and CsrfGuard (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await createTestApp({}, [CsrfProbeController], { platform });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A stored session (holding `guest: true`) and one of its tokens. */
  async function sessionWithToken(): Promise<{ cookie: string; token: string }> {
    const response = await api().post('/start').expect(200);
    return {
      cookie: cookieHeaderFrom(response),
      token: (response.body as { token: string }).token,
    };
  }

  it('stores the secret with a stored session, hidden from its data', async () => {
    const { cookie, token } = await sessionWithToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect((await api().get('/data').set('Cookie', cookie).expect(200)).body).toEqual(GUEST);
    const key = sessionKey(sessionIdFrom(cookie, TEST_SECRET));
    const stored = (await getItem(t.client, t.tableName, key))?.['data'] as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['_csrfSecret', 'guest']);
    expect(token).not.toContain(String(stored['_csrfSecret']));
  });

  it('lets safe methods through without a token', async () => {
    await api().get('/guarded').expect(200);
    await api().head('/guarded').expect(200);
  });

  it.each([
    ['no token', {}, {}],
    ['a made-up token', { 'x-csrf-token': `${'a'.repeat(22)}.${'b'.repeat(43)}` }, {}],
    ['a truncated token', {}, { _csrf: 'short' }],
    ['a non-string field', {}, { _csrf: ['x'] }],
  ])('refuses an unsafe request with %s (403), changing nothing', async (_case, headers, body) => {
    const { cookie } = await sessionWithToken();
    const response = await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .set(headers)
      .send({ value: 'forged', ...body })
      .expect(403);
    expect(response.body.message).toMatch(/CSRF token/);
    await api().put('/guarded').set('Cookie', cookie).set(headers).expect(403);
    expect((await api().get('/data').set('Cookie', cookie).expect(200)).body).toEqual(GUEST);
  });

  it('refuses a request without a session, and a token of another session', async () => {
    const mine = await sessionWithToken();
    const theirs = await sessionWithToken();
    await api().post('/guarded').set('x-csrf-token', mine.token).send({}).expect(403);
    await api()
      .post('/guarded')
      .set('Cookie', mine.cookie)
      .set('x-csrf-token', theirs.token)
      .send({})
      .expect(403);
  });

  it('accepts the token in the x-csrf-token header, a JSON field or a form field; every token handed out verifies', async () => {
    const { cookie, token } = await sessionWithToken();
    const second = (await api().get('/token').set('Cookie', cookie).expect(200)).body.token;
    expect(second).not.toBe(token);
    await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .set('x-csrf-token', token)
      .send({})
      .expect(200);
    await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .send({ _csrf: second, value: 'json' })
      .expect(200);
    await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: token, value: 'form' })
      .expect(200);
    expect((await api().get('/data').set('Cookie', cookie).expect(200)).body).toEqual({
      ...GUEST,
      value: 'form',
    });
  });

  it('gives the session a new secret on regenerate (login): a token from before stops working', async () => {
    const guest = await sessionWithToken();
    const login = await api()
      .post('/login')
      .set('Cookie', guest.cookie)
      .set('x-csrf-token', guest.token)
      .expect(200);
    const cookie = cookieHeaderFrom(login);
    await api().post('/guarded').set('Cookie', cookie).set('x-csrf-token', guest.token).expect(403);
    const fresh = (login.body as { token: string }).token;
    await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .set('x-csrf-token', fresh)
      .send({})
      .expect(200);
  });
});
