import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import request from 'supertest';
import { generateSessionId, sessionKey } from '../src/session/session-id.js';
import { cookieFor } from './support/cookies.js';
import { getItem } from './support/dynamodb.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

/**
 * Items another tool or an older version of this library wrote (without a seal): with
 * `unsealedItems: 'accept'`, as while upgrading, they must load, not fail.
 */
describe.each(PLATFORMS)(
  'sessions written by another tool or an older version (%s)',
  (platform) => {
    let t: TestApp;
    const api = () => request(t.app.getHttpServer());

    beforeEach(async () => {
      t = await createTestApp({ unsealedItems: 'accept' }, undefined, { platform });
    });
    afterEach(async () => {
      await t.close();
    });

    /** Stores an item for a new session id as `extra` and `data` say; returns its cookie and key. */
    async function storeItem(
      data: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ): Promise<{ cookie: string; key: string }> {
      const id = generateSessionId();
      const key = sessionKey(id);
      const now = Date.now();
      await DynamoDBDocumentClient.from(t.client).send(
        new PutCommand({
          TableName: t.tableName,
          Item: {
            id: key,
            data,
            expires: Math.ceil(now / 1000) + 3600,
            createdAt: now,
            touchedAt: now,
            ...extra,
          },
        }),
      );
      return { cookie: cookieFor(id, TEST_SECRET), key };
    }

    it('reads the data key userId of an older version as the identity, and moves it to the attribute on the next write', async () => {
      // What versions before logIn() stored: data.userId, mirrored as the top-level attribute.
      const old = await storeItem({ userId: 'ann', cart: ['apple'] }, { userId: 'ann' });
      await api().get('/me').set('Cookie', old.cookie).expect(200, { userId: 'ann' });
      await api()
        .get('/data')
        .set('Cookie', old.cookie)
        .expect(200, { cart: ['apple'] });

      // Only the data key (another tool): still the identity, and written to the attribute.
      const bare = await storeItem({ userId: 'bob' });
      await api().get('/me').set('Cookie', bare.cookie).expect(200, { userId: 'bob' });
      await api().put('/value/k').set('Cookie', bare.cookie).send({ value: 1 }).expect(200);
      expect((await getItem(t.client, t.tableName, bare.key))?.['userId']).toBe('bob');
      await api().get('/me').set('Cookie', bare.cookie).expect(200, { userId: 'bob' });

      // A data.userId that is no identity (empty, an object) logs no one in.
      for (const userId of ['', { admin: true }]) {
        const odd = await storeItem({ userId });
        await api().get('/me').set('Cookie', odd.cookie).expect(401);
      }
    });

    it('leaves out data keys the session keeps for itself (no 500 loop), logging them once', async () => {
      const { cookie, key } = await storeItem({
        id: 'x',
        handle: 'h',
        destroy: 1,
        regenerate: { a: 1 },
        cart: ['pear'],
      });
      for (let i = 0; i < 3; i += 1) {
        await api()
          .get('/data')
          .set('Cookie', cookie)
          .expect(200, { cart: ['pear'] });
      }
      await api().put('/value/k').set('Cookie', cookie).send({ value: 2 }).expect(200);
      await api()
        .get('/data')
        .set('Cookie', cookie)
        .expect(200, { cart: ['pear'], k: 2 });
      // Left out of the session, and of its writes: what the other tool stored stays.
      expect((await getItem(t.client, t.tableName, key))?.['data']).toEqual({
        id: 'x',
        handle: 'h',
        destroy: 1,
        regenerate: { a: 1 },
        cart: ['pear'],
        k: 2,
      });
      const warnings = t.logger.lines.filter((line) => line.includes('keeps for itself'));
      expect(warnings).toHaveLength(1);
      for (const name of ['id', 'handle', 'destroy', 'regenerate'])
        expect(warnings[0]).toContain(`"${name}"`);
    });
  },
);
