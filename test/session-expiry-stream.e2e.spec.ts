import { randomUUID } from 'node:crypto';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { createSessionTable } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { sessionExpiryHandler, type SessionEvent } from '../src/streams/index.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { CountingClient } from './support/dynamodb.js';
import { asLambdaRecord, readLocalStream } from './support/local-stream.js';
import { createTestApp, PLATFORMS, TEST_SECRET, type TestApp } from './support/test-app.js';

const handleOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

describe.each(PLATFORMS)("expired events from the table's stream (%s)", (platform) => {
  let t: TestApp;
  let tableName: string;
  const api = () => request(t.app.getHttpServer());
  const logIn = async (username: string): Promise<string> =>
    cookieHeaderFrom(await api().post('/login').send({ username }).expect(200));
  /** Deletes a session's item as DynamoDB's TTL does once it is past its end (a plain DeleteItem). */
  const deleteAsTtl = async (handle: string): Promise<void> => {
    await t.client.send(
      new DeleteItemCommand({ TableName: tableName, Key: { id: { S: handle } } }),
    );
  };

  beforeEach(async () => {
    // A table with a stream of old images (what the handler needs for the user).
    const client = new CountingClient();
    tableName = `sessions-stream-${randomUUID()}`;
    await createSessionTable(client, { tableName, stream: 'NEW_AND_OLD_IMAGES' });
    client.destroy();
    t = await createTestApp({ tableName }, undefined, { platform });
  });
  afterEach(async () => {
    await t.close();
  });

  it("turns TTL deletions of sessions, and only those, into expired events with the user and the handle, from the table's real stream", async () => {
    const alice = await logIn('alice');
    const bob = await logIn('bob');
    const guest = cookieHeaderFrom(
      await api()
        .put('/value/cart')
        .send({ value: ['apple'] })
        .expect(200),
    );
    const dave = await logIn('dave');
    // The app's own delete: a REMOVE in the stream, and no event.
    await api().post('/logout').set('Cookie', bob).expect(204);
    const ttl = new Set([handleOf(alice), handleOf(guest)]);
    for (const handle of ttl) await deleteAsTtl(handle);

    const records = await readLocalStream(t.client, tableName);
    const removed = records
      .filter((record) => record.eventName === 'REMOVE')
      .map((record) => record.dynamodb?.Keys?.['id']?.S);
    expect(removed).toEqual([handleOf(bob), handleOf(alice), handleOf(guest)]);
    // The sessions' creations too, which are no event.
    expect(records.map((record) => record.eventName)).toContain('INSERT');

    const events: SessionEvent[] = [];
    const handler = sessionExpiryHandler({ onSessionEvent: (event) => void events.push(event) });
    const before = Date.now();
    const result = await handler({ Records: records.map((record) => asLambdaRecord(record, ttl)) });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(events.map(({ type, userId, handle }) => ({ type, userId, handle }))).toEqual([
      { type: 'expired', userId: 'alice', handle: handleOf(alice) },
      { type: 'expired', userId: undefined, handle: handleOf(guest) },
    ]);
    for (const event of events) {
      // The deletion's time, from the record (DynamoDB Local gives it in whole seconds).
      expect(event.at % 1000).toBe(0);
      expect(event.at).toBeLessThanOrEqual(before + 1000);
      expect(event.at).toBeGreaterThan(before - 60_000);
      for (const cookie of [alice, guest, dave])
        expect(JSON.stringify(event)).not.toContain(sessionIdFrom(cookie, TEST_SECRET));
    }
  });

  it('hands the failed record back for Lambda to deliver it and the ones after it again', async () => {
    const carol = await logIn('carol');
    const erin = await logIn('erin');
    const ttl = new Set([handleOf(carol), handleOf(erin)]);
    for (const handle of ttl) await deleteAsTtl(handle);
    const records = await readLocalStream(t.client, tableName);
    const carolsRemoval = records.find(
      (record) =>
        record.eventName === 'REMOVE' && record.dynamodb?.Keys?.['id']?.S === handleOf(carol),
    );
    const heard: string[] = [];
    const errors = console.error;
    console.error = () => undefined;
    try {
      const handler = sessionExpiryHandler({
        onSessionEvent: (event) => {
          heard.push(event.userId ?? '');
          return Promise.reject(new Error('downstream unavailable'));
        },
      });
      expect(
        await handler({ Records: records.map((record) => asLambdaRecord(record, ttl)) }),
      ).toEqual({
        batchItemFailures: [{ itemIdentifier: carolsRemoval?.dynamodb?.SequenceNumber }],
      });
      expect(heard).toEqual(['carol']);
    } finally {
      console.error = errors;
    }
  });
});
