import request from 'supertest';
import type { DynamoSessionModuleOptions } from '../src/index.js';
import { SessionConflictError } from '../src/index.js';
import { SessionCookie } from '../src/session/session-cookie.js';
import { sessionKey } from '../src/session/session-id.js';
import { SessionManager } from '../src/session/session-manager.js';
import { resolveSessionOptions } from '../src/options/resolved-session-options.js';
import { cookieHeaderFrom, sessionCookie, sessionIdFrom } from './support/cookies.js';
import { getItem, localEndpoint } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { createTestApp, TEST_SECRET, type TestApp } from './support/test-app.js';

/**
 * `consistentRead: 'auto'` against stale replicas. DynamoDB Local's reads are always consistent, so the
 * FaultProxy answers eventually consistent GetItems as a replica that has not caught up would: with the
 * first answer it recorded for the key (an old version), or with no item; consistent reads pass through.
 * It also counts every GetItem and its ConsistentRead flag. The read path is the transport-neutral core,
 * so one platform (Express) runs it.
 */
describe("consistentRead: 'auto' with stale replicas", () => {
  let proxy: FaultProxy;
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  async function start(options: Partial<DynamoSessionModuleOptions> = {}): Promise<void> {
    const target = { endpoint: proxy.endpoint, region: 'us-east-1' };
    t = await createTestApp({ consistentRead: 'auto', ...target, ...options }, undefined, {
      platform: 'express',
    });
  }

  /** The GetItems since the last call, as `'consistent'` or `'eventual'` (and whether answered stale). */
  function reads(): string[] {
    const seen = proxy.getItems.splice(0);
    return seen.map(
      (get) => `${get.consistent ? 'consistent' : 'eventual'}${get.stale ? ' (stale)' : ''}`,
    );
  }

  const keyOf = (cookie: string) => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

  beforeEach(async () => {
    proxy = await FaultProxy.start(localEndpoint());
  });
  afterEach(async () => {
    await t.close();
    await proxy.close();
  });

  it('reads eventually when the replica is current: one eventual GetItem, no consistent one', async () => {
    await start();
    const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
    reads();
    for (let i = 0; i < 3; i += 1) {
      await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 1 });
    }
    expect(reads()).toEqual(['eventual', 'eventual', 'eventual']);
  });

  it('a client that just wrote never sees its session older than that write: 0 stale versions accepted', async () => {
    await start();
    let cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 0 }).expect(200));
    // The proxy records this answer: the version the stale replica will keep answering.
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 0 });
    reads();
    let staleAccepted = 0;
    const rounds = 10;
    for (let i = 1; i <= rounds; i += 1) {
      proxy.staleReads = undefined;
      const written = await api()
        .put('/value/k')
        .set('Cookie', cookie)
        .send({ value: i })
        .expect(200);
      cookie = cookieHeaderFrom(written);
      proxy.staleReads = 'old';
      const { body } = await api().get('/value/k').set('Cookie', cookie).expect(200);
      if (body.value !== i) staleAccepted += 1;
    }
    expect(staleAccepted).toBe(0);
    // Each write reads first (current replica: eventual); each read after it gets the stale eventual
    // answer, then exactly one consistent read.
    const expected = ['eventual', 'eventual (stale)', 'consistent'];
    expect(reads()).toEqual(Array.from({ length: rounds }, () => expected).flat());
  });

  it('a miss falls back to exactly one consistent read (a session just written is never lost)', async () => {
    await start();
    const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
    reads();
    proxy.staleReads = 'missing';
    const response = await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 'v' });
    expect(sessionCookie(response)).toBeUndefined();
    expect(reads()).toEqual(['eventual (stale)', 'consistent']);
  });

  it('a client that just logged in or regenerated reads its new session, never the old one', async () => {
    await start();
    const anonymous = cookieHeaderFrom(
      await api().put('/value/k').send({ value: 'a' }).expect(200),
    );
    await api().get('/data').set('Cookie', anonymous).expect(200);
    const loggedIn = cookieHeaderFrom(
      await api().post('/login').set('Cookie', anonymous).send({ username: 'ann' }).expect(200),
    );
    proxy.staleReads = 'old';
    reads();
    // The new id was never read: the replica has nothing for it, so a consistent read answers.
    await api().get('/value/k').set('Cookie', loggedIn).expect(200, { value: 'a' });
    expect(reads()).toEqual(['eventual (stale)', 'consistent']);
    await api().get('/me').set('Cookie', loggedIn).expect(200, { userId: 'ann' });
    const regenerated = cookieHeaderFrom(
      await api().post('/regenerate').set('Cookie', loggedIn).expect(200),
    );
    await api().get('/me').set('Cookie', regenerated).expect(200, { userId: 'ann' });
    await api().get('/value/k').set('Cookie', regenerated).expect(200, { value: 'a' });
  });

  it('a destroyed session is never accepted by a guard, and a replayed cookie can neither write nor resurrect it', async () => {
    await start();
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'ann', keepData: true }).expect(200),
    );
    const marked = cookieHeaderFrom(
      await api().put('/value/k').set('Cookie', cookie).send({ value: 'secret' }).expect(200),
    );
    await api().get('/data').set('Cookie', marked).expect(200); // recorded: the replica keeps this version
    const key = keyOf(marked);
    const logout = await api().post('/logout').set('Cookie', marked).expect(204);
    // The client that logged out holds no cookie any more.
    expect(sessionCookie(logout)?.value).toBe('');
    proxy.staleReads = 'last';
    reads();

    // A replayed cookie of the destroyed session: guards read consistently and refuse it.
    await api().get('/me').set('Cookie', marked).expect(401);
    expect(reads()).toEqual(['consistent']);
    // A write through it fails (409) and brings nothing back; so does a login on top of it.
    await api().put('/value/k').set('Cookie', marked).send({ value: 'again' }).expect(409);
    await api().post('/login').set('Cookie', marked).send({ username: 'eve' }).expect(409);
    expect(await getItem(t.client, t.tableName, key)).toBeUndefined();

    // The window docs/sessions.md states: an unguarded read of the replayed cookie may, while a replica is
    // behind, answer the destroyed session's data; it sets no cookie and saves nothing.
    const stale = await api().get('/data').set('Cookie', marked).expect(200);
    expect(stale.body).toEqual({ k: 'secret' });
    expect(sessionCookie(stale)).toBeUndefined();
    expect(await getItem(t.client, t.tableName, key)).toBeUndefined();
  });

  it('a regenerated session: its old cookie passes no guard and cannot write to the new session or the old one', async () => {
    await start();
    const old = cookieHeaderFrom(await api().post('/login').send({ username: 'ann' }).expect(200));
    await api().get('/me').set('Cookie', old).expect(200);
    const fresh = cookieHeaderFrom(await api().post('/regenerate').set('Cookie', old).expect(200));
    proxy.staleReads = 'old';
    await api().get('/me').set('Cookie', old).expect(401);
    await api().put('/value/k').set('Cookie', old).send({ value: 'x' }).expect(409);
    expect(await getItem(t.client, t.tableName, keyOf(old))).toBeUndefined();
    await api().get('/value/k').set('Cookie', fresh).expect(200, { value: null });
  });

  it('a guard after an eventually consistent load confirms the session with one consistent read', async () => {
    await start();
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'ann' }).expect(200),
    );
    await api().get('/data').set('Cookie', cookie).expect(200);
    await api().post('/logout').set('Cookie', cookie).expect(204);
    proxy.staleReads = 'old';
    const manager = t.app.get(SessionManager);
    const unit = {};
    const input = () => ({ cookieHeader: cookie, https: false, userAgent: undefined });
    const session = await manager.load(unit, input);
    expect(session.userId).toBe('ann'); // the stale replica's answer
    await expect(manager.load(unit, input, { consistent: true })).rejects.toBeInstanceOf(
      SessionConflictError,
    );
    expect(reads().slice(-2)).toEqual(['eventual (stale)', 'consistent']);
  });

  it('a logOut() that leaves nothing to store clears the cookie: the client keeps no cookie of the deleted session', async () => {
    await start();
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'ann' }).expect(200),
    );
    await api().get('/data').set('Cookie', cookie).expect(200);
    const out = await api().post('/log-out').set('Cookie', cookie).send({}).expect(200);
    const cleared = sessionCookie(out);
    expect(cleared?.value).toBe('');
    expect(cleared?.maxAge).toBe(0);
    expect(await getItem(t.client, t.tableName, keyOf(cookie))).toBeUndefined();
  });

  it('a guard after an eventually consistent load refuses a session written since that read', async () => {
    await start();
    const cookie = cookieHeaderFrom(
      await api().post('/login').send({ username: 'ann' }).expect(200),
    );
    await api().get('/data').set('Cookie', cookie).expect(200);
    const manager = t.app.get(SessionManager);
    const unit = {};
    const input = () => ({ cookieHeader: cookie, https: false, userAgent: undefined });
    const session = await manager.load(unit, input);
    expect(session.userId).toBe('ann');
    // Another request writes the session after this one's eventual read.
    await api().put('/value/k').set('Cookie', cookie).send({ value: 2 }).expect(200);
    await expect(manager.load(unit, input, { consistent: true })).rejects.toBeInstanceOf(
      SessionConflictError,
    );
  });

  it('a cookie without a write mark (an older version, or another mode) reads consistently, and keeps working', async () => {
    await start();
    const stored = cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
    const options = resolveSessionOptions({ secret: TEST_SECRET });
    const unmarked = new SessionCookie(options.cookie, options.secrets).requestHeader(
      sessionIdFrom(stored, TEST_SECRET),
    );
    proxy.staleReads = 'missing';
    reads();
    await api().get('/value/k').set('Cookie', unmarked).expect(200, { value: 'v' });
    expect(reads()).toEqual(['consistent']);
  });

  it("true reads only consistently; false reads only eventually and takes the stale answer ('auto' does not)", async () => {
    await start({ consistentRead: true });
    let cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
    proxy.staleReads = 'missing';
    reads();
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 1 });
    expect(reads()).toEqual(['consistent']);
    await t.close();

    proxy.heal();
    await start({ consistentRead: false });
    cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 1 }).expect(200));
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 1 });
    cookie = cookieHeaderFrom(
      await api().put('/value/k').set('Cookie', cookie).send({ value: 2 }).expect(200),
    );
    proxy.staleReads = 'old';
    reads();
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 1 });
    expect(reads()).toEqual(['eventual (stale)']);
  });
});
