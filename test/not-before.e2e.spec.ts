import request from 'supertest';
import { SessionRepository } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { getItem } from './support/dynamodb.js';
import { PLATFORMS, TEST_SECRET, testAppPool } from './support/test-app.js';

describe.each(PLATFORMS)('notBefore: ending every older session at once (%s)', (platform) => {
  const pool = testAppPool(platform);
  afterEach(pool.closeAll);

  it('treats sessions created before it as absent, refuses writes to them, and serves new ones', async () => {
    const before = await pool.start();
    const oldApi = request(before.app.getHttpServer());
    const old = cookieHeaderFrom(await oldApi.post('/login').send({ username: 'ann' }).expect(200));
    const oldKey = sessionKey(sessionIdFrom(old, TEST_SECRET));
    const createdAt = Number(
      (await getItem(before.client, before.tableName, oldKey))?.['createdAt'],
    );

    // After a breach: one config change, no table scan.
    const after = await pool.start({ notBefore: new Date(createdAt + 1) }, before);
    const api = request(after.app.getHttpServer());
    await api.get('/me').set('Cookie', old).expect(401);
    expect((await api.get('/data').set('Cookie', old).expect(200)).body).toEqual({});

    // A write still in flight to the old session (or a direct one) lands nowhere.
    const repository = after.app.get<SessionRepository>(SessionRepository);
    const now = Date.now();
    const times = { createdAt, touchedAt: now, expiresAt: now + 60_000 };
    const written = await repository.update(
      oldKey,
      { set: { role: 'admin' }, remove: [], data: { role: 'admin' } },
      times,
    );
    expect(written).toBe(false);
    const untouched = await getItem(before.client, before.tableName, oldKey);
    expect(untouched?.['data']).toEqual({});
    expect(untouched?.['userId']).toBe('ann');

    // Logging in again works: a session created now is after notBefore.
    const fresh = cookieHeaderFrom(await api.post('/login').send({ username: 'ann' }).expect(200));
    await api.get('/me').set('Cookie', fresh).expect(200);
    // Listing the user's sessions leaves the ended one out.
    const listed = (await repository.listByUser('ann')).sessions.map((summary) => summary.key);
    expect(listed).toEqual([sessionKey(sessionIdFrom(fresh, TEST_SECRET))]);
    // The app without notBefore still reads the old item: nothing was deleted.
    await oldApi.get('/me').set('Cookie', old).expect(200);
  });
});
