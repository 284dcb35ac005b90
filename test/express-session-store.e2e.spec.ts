import { randomBytes } from 'node:crypto';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import express, { type ErrorRequestHandler, type Express } from 'express';
import session from 'express-session';
import request, { type Response } from 'supertest';
import { sessionKey } from '../src/session/session-id.js';
import { SessionStoreUnavailableError } from '../src/index.js';
import {
  DynamoSessionStore,
  UnsupportedStoreOperationError,
  type DynamoSessionStoreOptions,
} from '../src/express-session/index.js';
import {
  CountingClient,
  createTestTable,
  deleteTable,
  expireItem,
  getItem,
  scanTable,
} from './support/dynamodb.js';
import { cookieHeaderFrom, expressSessionIdFrom } from './support/cookies.js';

const SECRET = 'express-session-secret-for-the-store-spec';
const COOKIE = 'connect.sid';
const MINUTE = 60_000;

declare module 'express-session' {
  interface SessionData {
    count?: number;
    other?: string;
    user?: string;
    late?: string;
  }
}

const sidOf = (cookieHeader: string): string => expressSessionIdFrom(cookieHeader, SECRET);

const cookieOf = (response: Response): string => cookieHeaderFrom(response, COOKIE);

/** A promise and the function that settles it: a handler waits on it until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * An Express app with the real express-session on a {@link DynamoSessionStore}. Its error handler
 * records what express-session passed on.
 */
function appWith(
  store: DynamoSessionStore,
  errors: unknown[] = [],
  cookie: session.CookieOptions = { maxAge: 10 * MINUTE },
  hold?: Promise<void>,
  rolling = false,
): Express {
  const app = express();
  app.use(
    session({ secret: SECRET, store, resave: false, saveUninitialized: false, cookie, rolling }),
  );
  app.post('/count', (req, res) => {
    req.session.count = (req.session.count ?? 0) + 1;
    res.json({ count: req.session.count });
  });
  app.post('/other', (req, res) => {
    req.session.other = 'x';
    res.json({});
  });
  app.get('/peek', (req, res) => res.json({ count: req.session.count ?? 0 }));
  app.post('/login', (req, res, next) => {
    const count = req.session.count;
    req.session.regenerate((error) => {
      if (error) return next(error);
      req.session.user = 'alice';
      req.session.count = count;
      res.json({ user: 'alice' });
    });
  });
  app.post('/logout', (req, res, next) =>
    req.session.destroy((error) => (error ? next(error) : res.status(204).end())),
  );
  // Reads the session, waits until the test opens the gate, then changes it.
  app.post('/slow', async (req, res) => {
    await hold;
    req.session.late = 'written after a destroy';
    res.json({});
  });
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    errors.push(error);
    res.status(500).json({ error: (error as Error).name });
  };
  app.use(onError);
  return app;
}

describe('DynamoSessionStore under express-session, on DynamoDB Local', () => {
  let client: CountingClient;
  let tableName: string;
  const storeOf = (options: DynamoSessionStoreOptions = {}): DynamoSessionStore =>
    new DynamoSessionStore({ client, tableName, ...options });

  beforeAll(async () => {
    client = new CountingClient();
    tableName = await createTestTable(client, 'express-store');
  });
  afterAll(async () => {
    await deleteTable(client, tableName);
    client.destroy();
  });
  beforeEach(() => client.reset());

  it('keeps a session across requests, stored under the SHA-256 of its id only', async () => {
    const app = appWith(storeOf());
    const first = await request(app).post('/count').expect(200, { count: 1 });
    const cookie = cookieOf(first);
    await request(app).post('/count').set('Cookie', cookie).expect(200, { count: 2 });
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 2 });
    // One GetItem per request that carries the cookie.
    expect(client.count('GetItem')).toBe(2);

    const sid = sidOf(cookie);
    const item = await getItem(client, tableName, sessionKey(sid));
    expect(item).toMatchObject({ id: sessionKey(sid), data: { count: 2 } });
    expect(JSON.stringify(item)).not.toContain(sid);
  });

  it('writes only the keys that changed, conditionally on the session being live', async () => {
    const app = appWith(storeOf());
    const cookie = cookieOf(await request(app).post('/other').expect(200));
    client.reset();
    await request(app).post('/count').set('Cookie', cookie).expect(200, { count: 1 });
    const [update, ...more] = client.sent.filter((call) => call.name === 'UpdateItem');
    expect(more).toEqual([]);
    const names = Object.values(update?.input['ExpressionAttributeNames'] as object);
    expect(names).toEqual(expect.arrayContaining(['count', 'cookie']));
    expect(names).not.toContain('other');
    // Conditional on a live item: a missing one has no TTL attribute to compare.
    expect(update?.input['ConditionExpression']).toMatch(/^#expires > :nowSeconds AND /);
    const item = await getItem(client, tableName, sessionKey(sidOf(cookie)));
    expect(item?.['data']).toMatchObject({ other: 'x', count: 1 });
  });

  it("ends the session at the cookie's expiry, capped by absoluteTimeout", async () => {
    const before = Date.now();
    const cookie = cookieOf(await request(appWith(storeOf())).post('/count').expect(200));
    const item = await getItem(client, tableName, sessionKey(sidOf(cookie)));
    const expires = Number(item?.['expires']) * 1000;
    expect(expires).toBeGreaterThanOrEqual(before + 10 * MINUTE - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 10 * MINUTE + 1000);

    const capped = appWith(storeOf({ absoluteTimeout: 120, idleTimeout: 60 }), [], {
      maxAge: 24 * 60 * MINUTE,
    });
    const start = Date.now();
    const short = cookieOf(await request(capped).post('/count').expect(200));
    const cappedItem = await getItem(client, tableName, sessionKey(sidOf(short)));
    expect(Number(cappedItem?.['expires']) * 1000).toBeLessThanOrEqual(
      Number(cappedItem?.['createdAt']) + 120_000 + 1000,
    );
    expect(Number(cappedItem?.['createdAt'])).toBeGreaterThanOrEqual(start);
  });

  it('treats a session past its expiry as absent, though the item is still there', async () => {
    const app = appWith(storeOf());
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    await expireItem(client, tableName, sessionKey(sidOf(cookie)));
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 0 });
    // A write to it is refused by the condition, and a new session starts with a new id.
    const again = await request(app).post('/count').set('Cookie', cookie).expect(200, { count: 1 });
    expect(sidOf(cookieOf(again))).not.toBe(sidOf(cookie));
  });

  it('treats a session created before notBefore as absent', async () => {
    const cookie = cookieOf(await request(appWith(storeOf())).post('/count').expect(200));
    const later = appWith(storeOf({ notBefore: new Date(Date.now() + 1000) }));
    await request(later).get('/peek').set('Cookie', cookie).expect(200, { count: 0 });
    await request(appWith(storeOf())).get('/peek').set('Cookie', cookie).expect(200, { count: 1 });
  });

  it('seals its items with encryption on: a creation moved outside the library is no session', async () => {
    const encryption = { keys: [{ id: 'k1', key: randomBytes(32) }] };
    const app = appWith(storeOf({ encryption }));
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const key = sessionKey(sidOf(cookie));
    expect((await getItem(client, tableName, key))?.['seal']).toBeInstanceOf(Uint8Array);
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 1 });
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { id: { S: key } },
        UpdateExpression: 'SET createdAt = :later',
        ExpressionAttributeValues: { ':later': { N: String(Date.now() + 60_000) } },
      }),
    );
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 0 });
    // Without encryption the store has no key to seal with (express-session holds the secret).
    const plain = cookieOf(await request(appWith(storeOf())).post('/count').expect(200));
    expect((await getItem(client, tableName, sessionKey(sidOf(plain))))?.['seal']).toBeUndefined();
  });

  it('destroys a session: the item is gone and the old cookie gets a new session', async () => {
    const app = appWith(storeOf());
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    await request(app).post('/logout').set('Cookie', cookie).expect(204);
    expect(await getItem(client, tableName, sessionKey(sidOf(cookie)))).toBeUndefined();
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 0 });
  });

  it('regenerates: a new id with the data carried over, the old item deleted', async () => {
    const app = appWith(storeOf());
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const login = await request(app).post('/login').set('Cookie', cookie).expect(200);
    const renewed = cookieOf(login);
    expect(sidOf(renewed)).not.toBe(sidOf(cookie));
    expect(await getItem(client, tableName, sessionKey(sidOf(cookie)))).toBeUndefined();
    const item = await getItem(client, tableName, sessionKey(sidOf(renewed)));
    expect(item?.['data']).toMatchObject({ user: 'alice', count: 1 });
  });

  it('touches an unchanged session at most every touchAfter', async () => {
    const throttled = appWith(storeOf({ touchAfter: 3600 }));
    const cookie = cookieOf(await request(throttled).post('/count').expect(200));
    client.reset();
    await request(throttled).get('/peek').set('Cookie', cookie).expect(200, { count: 1 });
    expect(client.calls).toEqual(['GetItem']);

    const eager = appWith(storeOf({ touchAfter: 0 }));
    const key = sessionKey(sidOf(cookie));
    const before = await getItem(client, tableName, key);
    client.reset();
    await request(eager).get('/peek').set('Cookie', cookie).expect(200, { count: 1 });
    expect(client.calls).toEqual(['GetItem', 'UpdateItem']);
    const after = await getItem(client, tableName, key);
    expect(Number(after?.['touchedAt'])).toBeGreaterThanOrEqual(Number(before?.['touchedAt']));
    expect(after?.['data']).toEqual(before?.['data']);
  });

  it('keeps the active users of a rolling app whose maxAge is shorter than touchAfter', async () => {
    // maxAge 3 s against the default touchAfter of an hour: each touch that is due extends the session.
    const app = appWith(storeOf(), [], { maxAge: 3000 }, undefined, true);
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const key = sessionKey(sidOf(cookie));
    const created = Number((await getItem(client, tableName, key))?.['expiresAtMs']);
    const until = Date.now() + 6000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      // Unchanged requests: express-session calls touch(), which extends the session when due.
      await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 1 });
    }
    // Twice its first end has passed, and it still lives: it was extended while in use.
    expect(Date.now()).toBeGreaterThan(created + 3000);
    expect(Number((await getItem(client, tableName, key))?.['expiresAtMs'])).toBeGreaterThan(
      Date.now(),
    );
  });

  it("touch() resets the expiry to the cookie's, to the millisecond", async () => {
    const app = appWith(storeOf(), [], { maxAge: 2000 });
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const key = sessionKey(sidOf(cookie));
    const first = Number((await getItem(client, tableName, key))?.['expiresAtMs']);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // An unchanged request: express-session resets the cookie's expiry and calls touch() with it.
    const before = Date.now();
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 1 });
    const after = Date.now();
    const item = await getItem(client, tableName, key);
    const end = Number(item?.['expiresAtMs']);
    expect(end).toBeGreaterThan(first);
    expect(end).toBeGreaterThanOrEqual(before + 2000);
    expect(end).toBeLessThanOrEqual(after + 2000);
    expect(item?.['expires']).toBe(Math.ceil(end / 1000));
  });

  it("is gone at its cookie's expiry to the millisecond, not at the next whole second", async () => {
    // Start just after a whole second, so the expiry falls early in a second and the TTL second (rounded
    // up) is most of a second later.
    await new Promise((resolve) => setTimeout(resolve, 1050 - (Date.now() % 1000)));
    const app = appWith(storeOf(), [], { maxAge: 1000 });
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const item = await getItem(client, tableName, sessionKey(sidOf(cookie)));
    const end = Number(item?.['expiresAtMs']);
    expect(Number(item?.['expires']) * 1000 - end).toBeGreaterThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, end + 30 - Date.now())));
    // Within the TTL attribute's second, yet past the cookie's expiry: express-session gets no
    // session from the store and starts a new one.
    const response = await request(app).get('/peek').set('Cookie', cookie).expect(200);
    expect(Date.now()).toBeLessThan(Number(item?.['expires']) * 1000);
    expect(response.body).toEqual({ count: 0 });
  });

  it('never brings back a session destroyed while a request that changes it was running', async () => {
    const held = gate();
    const store = storeOf();
    const app = appWith(store, [], { maxAge: 10 * MINUTE }, held.opened);
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const key = sessionKey(sidOf(cookie));

    // The slow request has read the session (its GetItem is sent) and waits at the gate.
    client.reset();
    const slow = request(app)
      .post('/slow')
      .set('Cookie', cookie)
      .then((response) => response);
    const deadline = Date.now() + 20_000;
    while (client.count('GetItem') === 0 && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    expect(client.count('GetItem')).toBe(1);
    await request(app).post('/logout').set('Cookie', cookie).expect(204);
    held.open();
    expect((await slow).status).toBe(200);

    // Its write was refused by the condition: the session stays destroyed.
    expect(client.count('UpdateItem')).toBe(1);
    expect(client.count('PutItem')).toBe(0);
    expect(await getItem(client, tableName, key)).toBeUndefined();
    await request(app).get('/peek').set('Cookie', cookie).expect(200, { count: 0 });
  });

  it('passes a store error to express-session (a 500 naming it), never "no session"', async () => {
    const errors: unknown[] = [];
    const app = appWith(new DynamoSessionStore({ client, tableName: 'no-such-table' }), errors);
    const cookie = cookieOf(await request(appWith(storeOf())).post('/count').expect(200));
    const response = await request(app).post('/count').set('Cookie', cookie).expect(500);
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(errors).toEqual([expect.any(SessionStoreUnavailableError)]);
    expect((errors[0] as SessionStoreUnavailableError).code).toBe('SESSION_STORE_UNAVAILABLE');
    expect((errors[0] as SessionStoreUnavailableError).awsErrorName).toBe(
      'ResourceNotFoundException',
    );
    expect((errors[0] as Error).message).toContain('create-table');
  });

  it('refuses a session above maxDecodedSize with SessionTooLargeError; the stored one stays', async () => {
    const errors: unknown[] = [];
    const store = storeOf({ maxDecodedSize: 1024 });
    const app = appWith(store, errors);
    const cookie = cookieOf(await request(app).post('/count').expect(200));
    const key = sessionKey(sidOf(cookie));
    const stored = await getItem(client, tableName, key);
    // express-session saves once the handler answered: the error reaches next() after the response.
    const big = express();
    big.use(session({ secret: SECRET, store, resave: false, saveUninitialized: false }));
    big.post('/big', (req, res) => {
      (req.session as unknown as Record<string, unknown>)['big'] = 'x'.repeat(2000);
      res.json({});
    });
    const failed = new Promise<unknown>((resolve) => {
      big.use(((error, _req, _res, _next) => resolve(error)) as ErrorRequestHandler);
    });
    await request(big).post('/big').set('Cookie', cookie);
    expect(await failed).toMatchObject({
      name: 'SessionTooLargeError',
      option: 'maxDecodedSize',
      limit: 1024,
    });
    expect(errors).toEqual([]);
    expect(await getItem(client, tableName, key)).toEqual(stored);
  });

  it('refuses length() and all() with an error that says why, and clear() empties the table', async () => {
    const own = await createTestTable(client, 'express-store-clear');
    try {
      const store = new DynamoSessionStore({ client, tableName: own });
      const app = appWith(store);
      for (let i = 0; i < 3; i += 1) await request(app).post('/count').expect(200);
      expect(await scanTable(client, own)).toHaveLength(3);

      const length = await new Promise((resolve) => store.length((error) => resolve(error)));
      expect(length).toBeInstanceOf(UnsupportedStoreOperationError);
      expect((length as Error).message).toMatch(/does not support length\(\): it would scan/);
      const all = await new Promise((resolve) => store.all((error) => resolve(error)));
      expect((all as Error).message).toMatch(/does not support all\(\)/);

      await new Promise<void>((resolve, reject) =>
        store.clear((error) => (error ? reject(error as Error) : resolve())),
      );
      expect(await scanTable(client, own)).toEqual([]);
    } finally {
      await deleteTable(client, own);
    }
  });

  it('names a bad option, and options that belong to express-session', () => {
    expect(() => new DynamoSessionStore({ touchAfter: -1 })).toThrow(
      /Invalid DynamoSessionStore options \(1 problem\):\n {2}- touchAfter: must be 0 or more/,
    );
    expect(
      () => new DynamoSessionStore({ secret: SECRET } as unknown as DynamoSessionStoreOptions),
    ).toThrow(/secret: is not a DynamoSessionStore option .* express-session's options/);
  });

  it('takes a plain DynamoDBClient and builds its own from endpoint and region', async () => {
    const plain = new DynamoDBClient({ endpoint: process.env['DYNAMODB_ENDPOINT'] });
    try {
      const app = appWith(new DynamoSessionStore({ client: plain, tableName }));
      const cookie = cookieOf(await request(app).post('/count').expect(200));
      const built = appWith(
        new DynamoSessionStore({
          tableName,
          endpoint: process.env['DYNAMODB_ENDPOINT'],
          region: process.env['AWS_REGION'],
        }),
      );
      await request(built).post('/count').set('Cookie', cookie).expect(200, { count: 2 });
    } finally {
      plain.destroy();
    }
  });
});
