import signature from 'cookie-signature';
import type { Type } from '@nestjs/common';
import request from 'supertest';
import type { DynamoSessionModuleOptions } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie } from './support/cookies.js';
import { CsrfProbeController } from './support/csrf-probe.controller.js';
import { getItem } from './support/dynamodb.js';
import {
  createTestApp,
  PLATFORMS,
  ProbeController,
  TEST_SECRET,
  type TestApp,
} from './support/test-app.js';

const HEADER = 'x-session-token';

/** The session id inside a token signed with the test secret (the part before the mark). */
function idOf(token: string): string {
  const signed = signature.unsign(token, TEST_SECRET);
  if (signed === false) throw new Error('the token does not verify');
  return signed.split('.')[0] as string;
}

describe.each(PLATFORMS)('header tokens: sessions of clients without cookies (%s)', (platform) => {
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  async function start(
    options: Partial<DynamoSessionModuleOptions> = {},
    controller: Type = ProbeController,
  ): Promise<void> {
    t = await createTestApp(options, [controller], { platform });
  }

  afterEach(async () => {
    await t?.close();
  });

  /** Logs `username` in as a header client (an empty token asks for a new session); its token. */
  async function tokenLogin(username = 'ann', header = HEADER): Promise<string> {
    const response = await api().post('/login').set(header, '').send({ username }).expect(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    const token = response.headers[header] as string;
    expect(token).toMatch(/\S/);
    return token;
  }

  it('an empty header asks for a new session: its first write answers the token, with no Set-Cookie and no-store', async () => {
    await start();
    const response = await api().put('/value/a').set(HEADER, '').send({ value: 1 }).expect(200);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    const token = response.headers[HEADER] as string;
    // The same id, signed and hashed at rest as a cookie session's.
    const item = await getItem(t.client, t.tableName, sessionKey(idOf(token)));
    expect(item?.['data']).toEqual({ a: 1 });
    await api().get('/value/a').set(HEADER, token).expect(200, { value: 1 });
    // A request that writes nothing answers no token.
    const read = await api().get('/value/a').set(HEADER, token).expect(200);
    expect(read.headers[HEADER]).toBeUndefined();
  });

  it('login answers a new token and the old one is no session; logout answers an empty one, after which the token gets 401', async () => {
    await start();
    const guest = (
      await api()
        .put('/value/cart')
        .set(HEADER, '')
        .send({ value: ['tea'] })
    ).headers[HEADER] as string;
    const login = await api().post('/login').set(HEADER, guest).send({ username: 'ann' });
    const token = login.headers[HEADER] as string;
    expect(idOf(token)).not.toBe(idOf(guest));
    await api().get('/me').set(HEADER, token).expect(200, { userId: 'ann' });
    await api()
      .get('/value/cart')
      .set(HEADER, token)
      .expect(200, { value: ['tea'] });
    await api().get('/me').set(HEADER, guest).expect(401);
    const logout = await api().post('/logout').set(HEADER, token).expect(204);
    expect(logout.headers[HEADER]).toBe('');
    expect(logout.headers['set-cookie']).toBeUndefined();
    await api().get('/me').set(HEADER, token).expect(401);
  });

  it('a malformed, forged or overlong token costs no DynamoDB call and is no session (401)', async () => {
    await start();
    const token = await tokenLogin();
    const forged = signature.sign(idOf(token), 'another-secret-of-at-least-32-characters');
    t.client.reset();
    for (const bad of ['garbage', forged, `${token}x`, 'a'.repeat(300), token.replace('.', '..')]) {
      const response = await api().get('/me').set(HEADER, bad).expect(401);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(t.client.calls).toEqual([]);
  });

  it('a request with both uses the header: the cookie is not read, and no cookie is set', async () => {
    await start();
    const cookie = cookieHeaderFrom(await api().put('/value/who').send({ value: 'cookie' }));
    const token = (await api().put('/value/who').set(HEADER, '').send({ value: 'token' })).headers[
      HEADER
    ] as string;
    const both = await api().get('/value/who').set('Cookie', cookie).set(HEADER, token);
    expect(both.body).toEqual({ value: 'token' });
    // An empty header with a cookie: a new session, the cookie's untouched.
    const fresh = await api()
      .put('/value/n')
      .set('Cookie', cookie)
      .set(HEADER, '')
      .send({ value: 1 });
    expect(fresh.headers['set-cookie']).toBeUndefined();
    expect(idOf(fresh.headers[HEADER] as string)).not.toBe(idOf(token));
    await api().get('/value/who').set('Cookie', cookie).expect(200, { value: 'cookie' });
  });

  it('costs the same DynamoDB calls as a cookie request: a read, a write, a login, a logout', async () => {
    await start();
    const calls = async (credential: (call: request.Test) => Promise<request.Response>) => {
      const seen: string[][] = [];
      for (const call of [
        () => api().get('/value/a'),
        () => api().put('/value/a').send({ value: 2 }),
        () => api().post('/login').send({ username: 'bo' }),
        () => api().post('/logout'),
      ]) {
        t.client.reset();
        await credential(call());
        seen.push(t.client.calls);
      }
      return seen;
    };
    let cookie = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }));
    let token = (await api().put('/value/a').set(HEADER, '').send({ value: 1 })).headers[
      HEADER
    ] as string;
    const viaCookie = await calls(async (call) => {
      const response = await call.set('Cookie', cookie);
      const renewed = sessionCookie(response)?.value;
      if (renewed !== undefined && renewed !== '') cookie = `sid=${renewed}`;
      return response;
    });
    const viaToken = await calls(async (call) => {
      const response = await call.set(HEADER, token);
      const renewed = response.headers[HEADER] as string | undefined;
      if (renewed !== undefined && renewed !== '') token = renewed;
      return response;
    });
    expect(viaToken).toEqual(viaCookie);
    expect(viaToken.flat().length).toBeGreaterThan(0);
  });

  it('CsrfGuard lets a header client through without a CSRF token; a cookie client still needs one', async () => {
    await start({}, CsrfProbeController);
    const token = (await api().post('/start').set(HEADER, '')).headers[HEADER] as string;
    await api().post('/guarded').set(HEADER, token).type('form').send({ value: 'x' }).expect(200);
    await api().get('/data').set(HEADER, token).expect(200, { guest: true, value: 'x' });
    const cookie = cookieHeaderFrom(await api().post('/start').expect(200));
    await api()
      .post('/guarded')
      .set('Cookie', cookie)
      .type('form')
      .send({ value: 'x' })
      .expect(403);
    // A token handed out to a header client sets no pre-session CSRF cookie.
    const handedOut = await api().get('/token').set(HEADER, '').expect(200);
    expect(handedOut.headers['set-cookie']).toBeUndefined();
  });

  it("a destroy() before the handler failed still ends a header client's session: an empty token", async () => {
    await start();
    const token = await tokenLogin();
    const failed = await api().post('/throw-after/destroy').set(HEADER, token).expect(400);
    expect(failed.headers[HEADER]).toBe('');
    await api().get('/me').set(HEADER, token).expect(401);
  });

  it('renews the token when a write moves its mark (consistentRead auto), and re-signs one of an old secret', async () => {
    await start();
    const token = await tokenLogin();
    const write = await api().put('/value/b').set(HEADER, token).send({ value: 1 }).expect(200);
    const renewed = write.headers[HEADER] as string;
    expect(renewed).not.toBe(token);
    expect(idOf(renewed)).toBe(idOf(token));
    await t.close();
    t = await createTestApp(
      { secret: ['a-new-secret-of-at-least-32-characters!!', TEST_SECRET], tableName: t.tableName },
      [ProbeController],
      { platform },
    );
    const read = await api().get('/value/b').set(HEADER, renewed).expect(200, { value: 1 });
    const resigned = read.headers[HEADER] as string;
    expect(signature.unsign(resigned, 'a-new-secret-of-at-least-32-characters!!')).not.toBe(false);
  });

  it('takes Authorization: Bearer with token.bearer (answering in the session header), and ignores it without', async () => {
    await start({ token: { bearer: true } });
    const response = await api()
      .post('/login')
      .set('Authorization', 'Bearer ')
      .send({ username: 'cy' });
    const token = response.headers[HEADER] as string;
    expect(response.headers['set-cookie']).toBeUndefined();
    await api().get('/me').set('Authorization', `Bearer ${token}`).expect(200, { userId: 'cy' });
    await api().get('/me').set('Authorization', 'Basic Y3k6cHc=').expect(401);
    await t.close();
    await start();
    await api().get('/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('a configured header name; token.header: false reads no header and answers cookies', async () => {
    await start({ token: { header: 'X-Auth-Token' } });
    const token = await tokenLogin('di', 'x-auth-token');
    await api().get('/me').set('X-Auth-Token', token).expect(200, { userId: 'di' });
    await api().get('/me').set(HEADER, token).expect(401);
    await t.close();
    await start({ token: { header: false } });
    const response = await api()
      .post('/login')
      .set(HEADER, '')
      .send({ username: 'di' })
      .expect(200);
    expect(response.headers[HEADER]).toBeUndefined();
    expect(cookieHeaderFrom(response)).toMatch(/^sid=/);
  });
});
