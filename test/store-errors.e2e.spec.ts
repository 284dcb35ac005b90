import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { freePort } from '../sample/embedded-dynamodb.js';
import { cookieHeaderFrom, setCookies } from './support/cookies.js';
import { localEndpoint } from './support/dynamodb.js';
import { createTestApp, type TestApp, PLATFORMS } from './support/test-app.js';

/** A cookie for a session stored by a healthy app on the same table and secret. */
async function storedSessionCookie(t: TestApp): Promise<string> {
  const response = await request(t.app.getHttpServer())
    .put('/value/k')
    .send({ value: 'v' })
    .expect(200);
  return cookieHeaderFrom(response);
}

describe.each(PLATFORMS)('store errors are never "no session" (%s)', (platform) => {
  let healthy: TestApp;
  let broken: TestApp | undefined;

  beforeEach(async () => {
    healthy = await createTestApp({}, undefined, { platform });
  });
  afterEach(async () => {
    await broken?.close();
    await healthy.close();
  });

  it('answers 503 when DynamoDB is unreachable, logs one clear line without the session id, and keeps anonymous routes up', async () => {
    const cookie = await storedSessionCookie(healthy);
    const closedPort = await freePort();
    const unreachable = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${closedPort}`,
      region: 'us-east-1',
      maxAttempts: 1,
    });
    broken = await createTestApp({ client: unreachable }, undefined, { platform });
    const api = () => request(broken!.app.getHttpServer());

    const read = await api().get('/data').set('Cookie', cookie).expect(503);
    expect(read.body.message).toBe('The session store is unavailable; try again shortly.');
    expect(setCookies(read)).toEqual([]);
    await api().get('/health').set('Cookie', cookie).expect(200);
    // No cookie: a new session needs no read; storing it does need the store.
    await api().get('/data').expect(200);
    await api().put('/value/x').send({ value: 1 }).expect(503);

    const log = broken.logger.lines.join('\n');
    expect(log).toMatch(/Could not load the session: GetItem on DynamoDB table "[^"]+" failed/);
    expect(log).toMatch(/Could not save the session: PutItem on DynamoDB table/);
    expect(log).not.toContain(decodeURIComponent(cookie.slice(4)).split('.')[0]);
    unreachable.destroy();
  });

  it('answers 503 and names the fix when the table does not exist', async () => {
    const cookie = await storedSessionCookie(healthy);
    broken = await createTestApp(
      {
        tableName: 'no-such-table',
        client: new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1' }),
      },
      undefined,
      { platform },
    );
    await request(broken.app.getHttpServer()).get('/data').set('Cookie', cookie).expect(503);
    expect(broken.logger.lines.join('\n')).toMatch(
      /ResourceNotFoundException.*does the table exist\? Create it with `npx nestjs-dynamodb-session create-table`/,
    );
  });

  it('answers 500 when DynamoDB rejects a write (a bug, not an outage), and the stored session stays as it was', async () => {
    const cookie = await storedSessionCookie(healthy);
    // Same table and secret, but the writer's data attribute name clashes with the key: DynamoDB rejects the update.
    broken = await createTestApp(
      {
        client: healthy.client,
        tableName: healthy.tableName,
        dataAttribute: 'id',
      },
      undefined,
      { platform },
    );
    await request(broken.app.getHttpServer())
      .put('/value/k')
      .set('Cookie', cookie)
      .send({ value: 'changed' })
      .expect(500);
    await request(healthy.app.getHttpServer())
      .get('/value/k')
      .set('Cookie', cookie)
      .expect(200, { value: 'v' });
  });
});
