import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseSetCookie, type SetCookie } from 'cookie';
import {
  httpApiEvent,
  lambdaContext,
  type HttpApiRequest,
} from '../test/support/api-gateway-event.js';
import { createTestTable, deleteTable, localEndpoint } from '../test/support/dynamodb.js';
import { FaultProxy } from '../test/support/fault-proxy.js';
import { sampleLambda, type SampleLambda } from './sample-lambda.js';

const SECRET = 'lambda-e2e-secret-that-is-at-least-32-characters-long';
const PLATFORMS = ['express', 'fastify'] as const;

/** An API Gateway answer: its status, its `cookies` parsed, its body parsed when it is JSON. */
interface Answer {
  readonly statusCode: number | undefined;
  readonly cookies: SetCookie[];
  readonly json: unknown;
}

/** Invokes `lambda`'s handler in this process, as Lambda does, with the event of `request`. */
async function invoke(lambda: SampleLambda, request: HttpApiRequest): Promise<Answer> {
  const result = await lambda.handler(httpApiEvent(request), lambdaContext());
  if (typeof result !== 'object') throw new Error(`expected a structured answer, got ${result}`);
  const { statusCode, cookies = [], body, headers = {} } = result;
  const json = String(headers['content-type'] ?? '').startsWith('application/json')
    ? (JSON.parse(String(body)) as unknown)
    : undefined;
  return { statusCode, cookies: cookies.map((cookie) => parseSetCookie(cookie)), json };
}

/** The `sid=<value>` pair of the session cookie an answer set, for the next event's `cookies`. */
function sessionCookieOf(answer: Answer): string {
  const cookie = answer.cookies.find((set) => set.name === 'sid');
  if (cookie === undefined || cookie.value === '') throw new Error('expected a session cookie');
  return `sid=${cookie.value}`;
}

/** Logs `username` in with a JSON body, as a browser's script would; the answer. */
async function logIn(lambda: SampleLambda, username: string): Promise<Answer> {
  const login = await invoke(lambda, { method: 'POST', url: '/auth/login', json: { username } });
  expect(login.statusCode).toBe(200);
  expect(login.json).toEqual({ username });
  return login;
}

/** Puts back the variables of `saved` and removes the ones added since. */
function restoreEnv(saved: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) {
    if (!(name in saved)) delete process.env[name];
  }
  Object.assign(process.env, saved);
}

/**
 * Before the enclosing describe's tests: a sessions table of their own (created before the app
 * boots, as the CLI or infrastructure code would on AWS), the environment the app reads when it boots
 * (DynamoDB at `endpoint()`), and the sample's Lambda on `platform`, not booted yet (a new container).
 * After them: the app closed, the table deleted, the environment restored.
 */
function lambdaAround(
  platform: (typeof PLATFORMS)[number],
  endpoint: () => string,
): { readonly lambda: SampleLambda } {
  const savedEnv = { ...process.env };
  const client = new DynamoDBClient({ endpoint: localEndpoint() });
  let tableName: string | undefined;
  let lambda: SampleLambda | undefined;
  beforeAll(async () => {
    tableName = await createTestTable(client, 'lambda');
    Object.assign(process.env, {
      SESSION_SECRET: SECRET,
      SESSION_TABLE: tableName,
      DYNAMODB_ENDPOINT: endpoint(),
    });
    lambda = sampleLambda(platform, { logger: false });
  });
  afterAll(async () => {
    await (await lambda?.app())?.close();
    restoreEnv(savedEnv);
    if (tableName !== undefined) await deleteTable(client, tableName);
    client.destroy();
  });
  return {
    get lambda(): SampleLambda {
      if (lambda === undefined) throw new Error('the Lambda is not set up');
      return lambda;
    },
  };
}

/**
 * The kinds of active resources (`process.getActiveResourcesInfo()`: ref'd timers, immediates,
 * sockets, servers...) present now beyond those of `before`, once what a finished invocation left to
 * run has had up to `ms` to settle (a resource still there then keeps the event loop busy).
 */
async function resourcesBeyond(before: string[], ms = 1_000): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const extra = [...process.getActiveResourcesInfo()];
    for (const kind of before) {
      const at = extra.indexOf(kind);
      if (at >= 0) extra.splice(at, 1);
    }
    if (extra.length === 0 || Date.now() > deadline) return extra;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(PLATFORMS)(
  'the sample on AWS Lambda (%s), invoked with API Gateway HTTP API events',
  (platform) => {
    let proxy: FaultProxy | undefined;
    beforeAll(async () => {
      proxy = await FaultProxy.start(localEndpoint());
    });
    afterAll(async () => {
      await proxy?.close();
    });
    /** The proxy between the app and DynamoDB Local: it counts the app's calls. */
    const counting = (): FaultProxy => {
      if (proxy === undefined) throw new Error('the proxy has not started');
      return proxy;
    };
    const container = lambdaAround(platform, () => counting().endpoint);

    it('boots once per container, without a DynamoDB call', async () => {
      const app = await container.lambda.app();
      expect(counting().operations).toEqual([]);
      expect(await container.lambda.app()).toBe(app);
    });

    it('logs in, serves the guarded route and logs out, the cookie in cookies[] both ways', async () => {
      const { lambda } = container;
      const login = await logIn(lambda, 'alice');
      const cookie = sessionCookieOf(login);
      // With cookie.secure 'auto' (the default): serverless-express hands Express the request as
      // HTTPS, @fastify/aws-lambda injects it as plain HTTP. Hence SESSION_COOKIE_SECURE=true on
      // Lambda (docs/production.md, "On AWS Lambda").
      const set = login.cookies.find((one) => one.name === 'sid');
      expect(set?.httpOnly).toBe(true);
      expect(set?.secure ?? false).toBe(platform === 'express');
      // The app reached DynamoDB through the proxy, so the boot's count of no calls was real.
      expect(counting().count('PutItem')).toBe(1);

      const me = await invoke(lambda, { method: 'GET', url: '/auth/me', cookies: [cookie] });
      expect(me.statusCode).toBe(200);
      expect(me.json).toEqual({ username: 'alice' });

      const guest = await invoke(lambda, { method: 'GET', url: '/auth/me' });
      expect(guest.statusCode).toBe(401);

      const logout = await invoke(lambda, {
        method: 'POST',
        url: '/auth/logout',
        cookies: [cookie],
        json: {},
      });
      expect(logout.statusCode).toBe(204);
      const cleared = logout.cookies.find((set) => set.name === 'sid');
      expect(cleared?.value).toBe('');
      expect(cleared?.expires?.getTime()).toBe(0);

      const after = await invoke(lambda, { method: 'GET', url: '/auth/me', cookies: [cookie] });
      expect(after.statusCode).toBe(401);
    });

    it('serves later invocations from the app and the DynamoDB client the first one built', async () => {
      const { lambda } = container;
      const app = await lambda.app();
      const cookie = sessionCookieOf(await logIn(lambda, 'bob'));
      // The session events live in the app's memory (SessionEventLog): a second app would have none.
      const events = await invoke(lambda, {
        method: 'GET',
        url: '/auth/events',
        cookies: [cookie],
      });
      expect(events.statusCode).toBe(200);
      expect((events.json as { type: string }[]).map((event) => event.type)).toEqual([
        'loggedIn',
        'created',
      ]);
      expect(await lambda.app()).toBe(app);
      // One client, with keep-alive: every call of every invocation so far went over one connection.
      expect(counting().count()).toBeGreaterThan(5);
      expect(counting().connections).toBe(1);
    });
  },
);

describe.each(PLATFORMS)('the sample on AWS Lambda (%s), between invocations', (platform) => {
  // Straight to DynamoDB Local: a proxy in this process would hold sockets of its own open.
  const container = lambdaAround(platform, localEndpoint);

  it('leaves no timer, socket or other handle that keeps the event loop busy', async () => {
    const { lambda } = container;
    const before = process.getActiveResourcesInfo();
    // The first invocation boots the app (and its DynamoDB client).
    const cookie = sessionCookieOf(await logIn(lambda, 'carol'));
    expect(await resourcesBeyond(before)).toEqual([]);
    const me = await invoke(lambda, { method: 'GET', url: '/auth/me', cookies: [cookie] });
    expect(me.statusCode).toBe(200);
    expect(await resourcesBeyond(before)).toEqual([]);
  });
});

describe.each(PLATFORMS)('the sample on AWS Lambda (%s), when the boot fails', (platform) => {
  const container = lambdaAround(platform, localEndpoint);

  it('fails that invocation, and the next one boots again', async () => {
    const { lambda } = container;
    process.env['SESSION_SECRET'] = 'too short';
    await expect(invoke(lambda, { method: 'GET', url: '/auth/me' })).rejects.toThrow(
      /secret: must each be at least 32 characters long/,
    );
    process.env['SESSION_SECRET'] = SECRET;
    const guest = await invoke(lambda, { method: 'GET', url: '/auth/me' });
    expect(guest.statusCode).toBe(401);
  });
});
