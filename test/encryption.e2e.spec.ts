import { randomBytes } from 'node:crypto';
import { ScanCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { InvalidSessionOptionsError, type SessionEncryptionKey } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieHeaderFrom, sessionCookie, sessionIdFrom } from './support/cookies.js';
import { getItem, rawSessionData } from './support/dynamodb.js';
import { PLATFORMS, TEST_SECRET, testAppPool, type TestApp } from './support/test-app.js';

const OLD: SessionEncryptionKey = { id: 'k-old', key: randomBytes(32) };
const NEW: SessionEncryptionKey = { id: 'k-new', key: randomBytes(32).toString('base64') };

/** Values whose text must never show in the table. */
const SECRETS = {
  email: 'alice.secret@example.com',
  card: { number: '4111-1111-1111-1111', holder: 'Alice Plaintext' },
  notes: ['first-private-note', 'second-private-note'],
  pin: 987654321,
};

const keyOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

/** Every string and binary of the raw items, as bytes (what a dump of the table or a backup holds). */
async function rawBytes(t: TestApp): Promise<Buffer[]> {
  const { Items = [] } = await t.client.send(
    new ScanCommand({ TableName: t.tableName, ConsistentRead: true }),
  );
  const found: Buffer[] = [];
  const walk = (value: AttributeValue): void => {
    if (value.S !== undefined) found.push(Buffer.from(value.S));
    if (value.N !== undefined) found.push(Buffer.from(value.N));
    if (value.B !== undefined) found.push(Buffer.from(value.B));
    for (const item of value.L ?? []) walk(item);
    for (const [name, item] of Object.entries(value.M ?? {})) {
      found.push(Buffer.from(name));
      walk(item);
    }
  };
  for (const item of Items) for (const value of Object.values(item)) walk(value);
  return found;
}

const rawData = (t: TestApp, key: string) => rawSessionData(t.client, t.tableName, key);

/** The key id a stored ciphertext names: `[form 2][id length][id]...`. */
function keyIdOf(value: AttributeValue | undefined): string {
  const bytes = Buffer.from(value?.B ?? []);
  expect(bytes[0]).toBe(2);
  return bytes.subarray(2, 2 + (bytes[1] ?? 0)).toString();
}

async function setRaw(t: TestApp, key: string, name: string, value: AttributeValue) {
  await t.client.send(
    new UpdateItemCommand({
      TableName: t.tableName,
      Key: { id: { S: key } },
      UpdateExpression: 'SET #data.#name = :value',
      ExpressionAttributeNames: { '#data': 'data', '#name': name },
      ExpressionAttributeValues: { ':value': value },
    }),
  );
}

describe.each(PLATFORMS)('encryption at rest (%s)', (platform) => {
  const pool = testAppPool(platform);
  afterEach(pool.closeAll);
  /** An app with these keys (none: no encryption), on a fresh table or on the one of `on`. */
  const appWith = (keys: SessionEncryptionKey[] | undefined, on?: TestApp) =>
    pool.start(keys === undefined ? {} : { encryption: { keys } }, on);

  /** A session with {@link SECRETS} and a login, on `t`; resolves its cookie. */
  async function storeSecrets(t: TestApp): Promise<string> {
    const api = request(t.app.getHttpServer());
    const login = await api.post('/login').send({ username: 'alice' }).expect(200);
    const cookie = cookieHeaderFrom(login);
    await api.put('/data').set('Cookie', cookie).send(SECRETS).expect(200);
    return cookie;
  }

  it('stores no value of the session in plain text; only the top-level userId is', async () => {
    const t = await appWith([OLD]);
    const cookie = await storeSecrets(t);
    const api = request(t.app.getHttpServer());
    const read = await api.get('/data').set('Cookie', cookie).expect(200);
    expect(read.body).toEqual({ ...SECRETS });

    const stored = await rawBytes(t);
    const plain = ['alice.secret', '4111-1111', 'Alice Plaintext', 'private-note', '987654321'];
    for (const text of plain) {
      expect(stored.filter((bytes) => bytes.includes(text))).toEqual([]);
    }
    const data = await rawData(t, keyOf(cookie));
    // The identity is no data value: it is the top-level attribute.
    expect(Object.keys(data).sort()).toEqual(['card', 'email', 'notes', 'pin']);
    for (const value of Object.values(data)) expect(keyIdOf(value)).toBe('k-old');
    // The user index needs userId in the clear, at the top level (as docs/protection.md says).
    expect((await getItem(t.client, t.tableName, keyOf(cookie)))?.['userId']).toBe('alice');
  });

  it('rotates: old values stay readable, a write re-encrypts with the new key, a removed key ends the session', async () => {
    const before = await appWith([OLD]);
    const cookie = await storeSecrets(before);
    const key = keyOf(cookie);

    const rotated = await appWith([NEW, OLD], before);
    const api = request(rotated.app.getHttpServer());
    const read = await api.get('/data').set('Cookie', cookie).expect(200);
    expect(read.body).toEqual({ ...SECRETS });
    await api.put('/value/email').set('Cookie', cookie).send({ value: 'new@example.com' });
    const data = await rawData(before, key);
    expect(keyIdOf(data['email'])).toBe('k-new');
    // Per-key writes: the value not written keeps its old ciphertext, still readable.
    expect(keyIdOf(data['pin'])).toBe('k-old');
    const again = await api.get('/data').set('Cookie', cookie).expect(200);
    expect(again.body).toEqual({ ...SECRETS, email: 'new@example.com' });

    // Once the old key is removed, a session holding a value encrypted with it is no session.
    const onlyNew = await appWith([NEW], before);
    const gone = await request(onlyNew.app.getHttpServer())
      .get('/data')
      .set('Cookie', cookie)
      .expect(200);
    expect(gone.body).toEqual({});
    const log = onlyNew.logger.lines.join('\n');
    expect(log).toContain('encryption key id "k-old"');
    expect(log).toContain(`${key.slice(0, 8)}...`);
  });

  it('gives a tampered session a fresh one, logs the key id and key prefix but no data, and clears the cookie', async () => {
    const t = await appWith([OLD]);
    const cookie = await storeSecrets(t);
    const key = keyOf(cookie);
    const email = (await rawData(t, key))['email'];
    const bytes = Buffer.from(email?.B ?? []);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 1;
    await setRaw(t, key, 'email', { B: bytes });

    const api = request(t.app.getHttpServer());
    for (let attempt = 0; attempt < 2; attempt += 1) {
      // Never a 500, however often the client comes back with the cookie.
      const response = await api.get('/data').set('Cookie', cookie).expect(200);
      expect(response.body).toEqual({});
      expect(sessionCookie(response)).toMatchObject({ value: '', maxAge: 0 });
    }
    await api.get('/me').set('Cookie', cookie).expect(401);
    const log = t.logger.lines.filter((line) => line.startsWith('error')).join('\n');
    expect(log).toMatch(/failed to authenticate/);
    expect(log).toContain('encryption key id "k-old"');
    expect(log).toContain(`${key.slice(0, 8)}...`);
    expect(log).not.toContain(key);
    for (const text of ['alice', '4111', 'private-note', '987654321']) {
      expect(log).not.toContain(text);
    }
    // A request that stores something gets a new session, not the tampered one.
    const fresh = await api.put('/value/a').set('Cookie', cookie).send({ value: 1 }).expect(200);
    expect(keyOf(cookieHeaderFrom(fresh))).not.toBe(key);
  });

  it('detects a ciphertext moved to another session, or to another key of the same session', async () => {
    const t = await appWith([OLD]);
    const victim = await storeSecrets(t);
    const api = request(t.app.getHttpServer());
    const other = cookieHeaderFrom(await api.put('/value/email').send({ value: 'mine' }));
    const stolen = (await rawData(t, keyOf(victim)))['email'] as AttributeValue;

    await setRaw(t, keyOf(other), 'email', stolen);
    expect((await api.get('/data').set('Cookie', other).expect(200)).body).toEqual({});

    const pin = (await rawData(t, keyOf(victim)))['pin'] as AttributeValue;
    await setRaw(t, keyOf(victim), 'notes', pin);
    expect((await api.get('/data').set('Cookie', victim).expect(200)).body).toEqual({});
    expect(t.logger.lines.filter((line) => /failed to authenticate/.test(line))).toHaveLength(2);
  });

  it('accepts no plain-text value once encryption is on (it could have been planted)', async () => {
    const plain = await appWith(undefined);
    const cookie = cookieHeaderFrom(
      await request(plain.app.getHttpServer()).put('/value/role').send({ value: 'user' }),
    );
    const encrypted = await appWith([OLD], plain);
    const response = await request(encrypted.app.getHttpServer())
      .get('/data')
      .set('Cookie', cookie)
      .expect(200);
    expect(response.body).toEqual({});
    expect(encrypted.logger.lines.join('\n')).toMatch(
      /stored in plain text while encryption is on/,
    );
  });

  it('takes its keys from a keyProvider called once at boot (a KMS envelope data key)', async () => {
    let calls = 0;
    const t = await pool.start({
      encryption: {
        keyProvider: async () => {
          calls += 1;
          return [{ id: 'kms-1', key: randomBytes(32) }];
        },
      },
    });
    const api = request(t.app.getHttpServer());
    const cookie = cookieHeaderFrom(await api.put('/value/a').send({ value: 'x' }).expect(200));
    expect((await api.get('/value/a').set('Cookie', cookie).expect(200)).body).toEqual({
      value: 'x',
    });
    expect(keyIdOf((await rawData(t, keyOf(cookie)))['a'])).toBe('kms-1');
    expect(calls).toBe(1);
  });

  it('stops the boot when a key provider gives a bad key, naming it but not its bytes', async () => {
    const key = randomBytes(16).toString('base64');
    const boot = pool.start({ encryption: { keyProvider: () => [{ id: 'short', key }] } });
    await expect(boot).rejects.toThrow(InvalidSessionOptionsError);
    await expect(boot).rejects.toThrow(
      /encryption\.keyProvider\(\)\[0\]\.key \(id "short"\): must be 32 random bytes/,
    );
    await expect(boot).rejects.not.toThrow(key);
  });
});
