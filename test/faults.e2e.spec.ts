import request from 'supertest';
import { cookieHeaderFrom } from './support/cookies.js';
import { localEndpoint } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import type { DynamoSessionModuleOptions } from '../src/index.js';
import {
  createTestApp,
  PLATFORMS,
  TEST_SECRET,
  type Platform,
  type TestApp,
} from './support/test-app.js';

/**
 * The module's default. Healthy calls must fit in it on a loaded machine too: at 600 ms the first
 * PutItem of a run (a cold DynamoDB Local, 2 shared cores) timed out now and then.
 */
const REQUEST_TIMEOUT = 3_000;

/** An app whose module-built client reaches DynamoDB Local through `proxy`. */
function appBehind(
  proxy: FaultProxy,
  platform: Platform,
  options: Partial<DynamoSessionModuleOptions> = {},
): Promise<TestApp> {
  const defaults = { requestTimeout: REQUEST_TIMEOUT, maxAttempts: 3 };
  const target = { endpoint: proxy.endpoint, region: 'us-east-1' };
  return createTestApp({ ...defaults, ...target, ...options }, undefined, { platform });
}

/**
 * The app reaches DynamoDB Local through a FaultProxy, with a client the module builds
 * (requestTimeout, maxAttempts), so the faults are real network behaviour, not mocks.
 */
describe.each(PLATFORMS)('DynamoDB down, slow or throttling (%s)', (platform) => {
  let proxy: FaultProxy;
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  beforeEach(async () => {
    proxy = await FaultProxy.start(localEndpoint());
    t = await appBehind(proxy, platform);
  });
  afterEach(async () => {
    await t.close();
    await proxy.close();
  });

  /** Throttling backs off for hundreds of ms per retry: give those tests a budget that fits them. */
  async function withRoomForRetries(): Promise<void> {
    await t.close();
    t = await appBehind(proxy, platform, { requestTimeout: 10_000 });
  }

  /** A stored session's cookie, made while DynamoDB is healthy. */
  async function storedSession(): Promise<string> {
    return cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
  }

  it('refused connections: 503 with Retry-After, anonymous routes still 200, recovery without restart', async () => {
    const cookie = await storedSession();
    await proxy.refuse();
    const down = await api().get('/data').set('Cookie', cookie).expect(503);
    expect(down.headers['retry-after']).toBe('1');
    expect(down.body.message).toBe('The session store is unavailable; try again shortly.');
    await api().get('/health').set('Cookie', cookie).expect(200);
    await api().get('/me').set('Cookie', cookie).expect(503);
    await proxy.restore();
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 'v' });
  });

  it('a black hole: 503 once requestTimeout has passed, never a hang', async () => {
    const cookie = await storedSession();
    proxy.mode = 'blackhole';
    const started = Date.now();
    const response = await api().get('/data').set('Cookie', cookie).timeout(25_000);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    // Liveness, not speed: it ended on its own, long before the request's own 25 s timeout.
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT - 50);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(t.logger.lines.join('\n')).toContain(
      `no answer within requestTimeout (${REQUEST_TIMEOUT} ms)`,
    );
    proxy.heal();
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 'v' });
  });

  it('latency within the timeout is only latency', async () => {
    const cookie = await storedSession();
    proxy.latencyMs = 150;
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 'v' });
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException'] as const)(
    'retries %s with backoff and succeeds when throttling stops',
    async (error) => {
      await withRoomForRetries();
      const cookie = await storedSession();
      proxy.mode = 'throttle';
      proxy.throttleError = error;
      proxy.faultCount = 2;
      const before = proxy.count('GetItem');
      await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 'v' });
      expect(proxy.count('GetItem') - before).toBe(3);
    },
  );

  it('answers 503 when throttling outlasts the retries, having retried a bounded number of times', async () => {
    await withRoomForRetries();
    const cookie = await storedSession();
    proxy.mode = 'throttle';
    const before = proxy.count('GetItem');
    const response = await api().get('/data').set('Cookie', cookie).expect(503);
    expect(response.headers['retry-after']).toBe('1');
    const log = t.logger.lines.join('\n');
    const reported = Number(
      /ProvisionedThroughputExceededException after (\d+) attempts: .*throttled after all retries/.exec(
        log,
      )?.[1],
    );
    const seen = proxy.count('GetItem') - before;
    expect(seen).toBeGreaterThan(1);
    expect(seen).toBe(reported);
    expect(seen).toBe(3); // maxAttempts
    // Nothing keeps retrying in the background.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proxy.count('GetItem') - before).toBe(seen);
  });

  it('a failed write is a failed response, and the stored session stays as it was', async () => {
    const cookie = await storedSession();
    proxy.mode = 'throttle';
    proxy.faultOnly = ['UpdateItem'];
    await api().put('/value/k').set('Cookie', cookie).send({ value: 'changed' }).expect(503);
    await api().put('/value/other').set('Cookie', cookie).send({ value: 1 }).expect(503);
    proxy.heal();
    const data = await api().get('/data').set('Cookie', cookie).expect(200);
    expect(data.body).toEqual({ k: 'v' });
  });

  it('a failed regenerate keeps the old session whole (one transaction)', async () => {
    const cookie = await storedSession();
    proxy.mode = 'throttle';
    proxy.faultOnly = ['TransactWriteItems'];
    await api().post('/login').set('Cookie', cookie).send({ username: 'ann' }).expect(503);
    proxy.heal();
    await api().get('/data').set('Cookie', cookie).expect(200, { k: 'v' });
  });

  it('never logs a session id or a secret', async () => {
    const cookie = await storedSession();
    await proxy.refuse();
    await api().get('/data').set('Cookie', cookie).expect(503);
    await api().put('/value/x').send({ value: 1 }).expect(503);
    await proxy.restore();
    const log = t.logger.lines.join('\n');
    expect(log).toContain('Could not load the session');
    const signed = decodeURIComponent(cookie.slice('sid='.length));
    expect(log).not.toContain(signed.slice(0, signed.lastIndexOf('.')));
    expect(log).not.toContain(TEST_SECRET);
  });
});

describe.each(PLATFORMS)('failOpen (%s)', (platform) => {
  let proxy: FaultProxy;
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  beforeEach(async () => {
    proxy = await FaultProxy.start(localEndpoint());
    t = await appBehind(proxy, platform, { failOpen: true });
  });
  afterEach(async () => {
    await t.close();
    await proxy.close();
  });

  it('goes on with an empty session that is never saved, and warns', async () => {
    const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
    await proxy.refuse();
    const response = await api().get('/data').set('Cookie', cookie).expect(200);
    expect(response.body).toEqual({});
    expect(response.headers['set-cookie']).toBeUndefined();
    // Whether the user is logged in is unknown: a guarded route answers 503, not 401.
    await api().get('/me').set('Cookie', cookie).expect(503);
    expect(t.logger.lines.join('\n')).toMatch(
      /^warn Could not load the session, going on with an empty one that will not be saved \(failOpen\)/m,
    );
    await proxy.restore();
    await api().get('/value/k').set('Cookie', cookie).expect(200, { value: 'v' });
  });

  it('fails a write to a session it could not read, and the stored session stays as it was', async () => {
    const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
    await proxy.refuse();
    const write = await api()
      .put('/value/k')
      .set('Cookie', cookie)
      .send({ value: 'lost?' })
      .expect(503);
    expect(write.headers['retry-after']).toBe('1');
    await api().post('/login').set('Cookie', cookie).send({ username: 'ann' }).expect(503);
    await proxy.restore();
    await api().get('/data').set('Cookie', cookie).expect(200, { k: 'v' });
  });

  it('still fails a write', async () => {
    await proxy.refuse();
    await api().put('/value/k').send({ value: 'v' }).expect(503);
  });
});
