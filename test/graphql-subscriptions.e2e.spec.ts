import type { AddressInfo } from 'node:net';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { UseGuards } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, GraphQLModule, Resolver, Subscription } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { Session, SessionGuard, type DynamoSessionModuleOptions } from '../src/index.js';
import {
  DynamoSessionGraphqlModule,
  SessionSubscriptions,
  type SessionGraphqlWsSettings,
} from '../src/graphql/index.js';
import { SessionRepository } from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import { cookieFor, cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { localEndpoint } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { subscriptionResults } from './support/graphql-ws-results.js';
import { ProbeResolver } from './support/graphql-probe.resolver.js';
import {
  createTestApp,
  PLATFORMS,
  TEST_SECRET,
  type Platform,
  type TestApp,
} from './support/test-app.js';

/** One value, as the event stream of a subscription. */
async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/** The subscriptions beside {@link ProbeResolver}'s queries and mutations. */
@Resolver()
class SubscriptionProbeResolver {
  @Subscription(() => String, { nullable: true, resolve: (value: string | null) => value })
  whoami(@Session() session: Session): AsyncGenerator<string | null> {
    return once(session.userId ?? null);
  }

  @Subscription(() => String, { nullable: true, resolve: (value: string | null) => value })
  @UseGuards(SessionGuard)
  secret(@Session() session: Session): AsyncGenerator<string | null> {
    return once(`for ${session.userId}`);
  }

  @Subscription(() => String, { nullable: true, resolve: (value: string | null) => value })
  remember(@Session() session: Session, @Args('value') value: string): AsyncGenerator<string> {
    session['remembered'] = value;
    return once(value);
  }

  @Subscription(() => String, { nullable: true, resolve: (value: string | null) => value })
  impersonate(
    @Session() session: Session,
    @Args('username') username: string,
  ): AsyncGenerator<string> {
    session.logIn(username);
    return once(username);
  }
}

/** The GraphQL module of `platform` (Apollo on Express, Mercurius on Fastify), with subscriptions that see the session. */
function graphqlModule(platform: Platform, settings: SessionGraphqlWsSettings) {
  return platform === 'fastify'
    ? GraphQLModule.forRootAsync<MercuriusDriverConfig>({
        driver: MercuriusDriver,
        imports: [DynamoSessionGraphqlModule],
        inject: [SessionSubscriptions],
        useFactory: (subscriptions: SessionSubscriptions) => ({
          autoSchemaFile: true,
          subscription: subscriptions.mercurius(settings),
        }),
      })
    : GraphQLModule.forRootAsync<ApolloDriverConfig>({
        driver: ApolloDriver,
        imports: [DynamoSessionGraphqlModule],
        inject: [SessionSubscriptions],
        useFactory: (subscriptions: SessionSubscriptions) => ({
          autoSchemaFile: true,
          subscriptions: { 'graphql-ws': subscriptions.graphqlWs(settings) },
        }),
      });
}

/** An app on `platform` with graphql-ws subscriptions that see the session. */
function startApp(
  platform: Platform,
  options: Partial<DynamoSessionModuleOptions> = {},
  settings: SessionGraphqlWsSettings = {},
): Promise<TestApp> {
  return createTestApp(options, [], {
    platform,
    imports: [graphqlModule(platform, settings), DynamoSessionGraphqlModule],
    providers: [ProbeResolver, SubscriptionProbeResolver],
  });
}

interface Connection {
  client: Client;
  /** The close event, once the server closed the connection. */
  closed: Promise<{ code: number; reason: string }>;
}

/**
 * A graphql-ws client on `app`, sending `cookie` with the upgrade request (and `connectionParams` in
 * its `connection_init`).
 */
function connect(
  app: TestApp,
  cookie?: string,
  connectionParams?: Record<string, unknown>,
): Connection {
  const { port } = (app.app.getHttpServer() as { address(): AddressInfo }).address();
  const headers = cookie === undefined ? {} : { Cookie: cookie };
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    retryAttempts: 0,
    ...(connectionParams !== undefined && { connectionParams }),
    // One connection for all the subscriptions of a test (lazy clients close when none is left).
    lazyCloseTimeout: 60_000,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    },
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string | Buffer };
        onClosed({ code, reason: reason.toString() });
      },
    },
  });
  return { client, closed };
}

/** The results of a subscription until it completes (see {@link subscriptionResults}). */
const results = subscriptionResults;

describe.each(PLATFORMS)('GraphQL subscriptions (graphql-ws, %s)', (platform) => {
  let t: TestApp;
  let connections: Connection[] = [];
  const open = (cookie?: string): Client => {
    const connection = connect(t, cookie);
    connections.push(connection);
    return connection.client;
  };
  const gql = (query: string, cookie?: string) => {
    const call = request(t.app.getHttpServer()).post('/graphql').send({ query });
    return cookie === undefined ? call : call.set('Cookie', cookie);
  };
  beforeEach(() => {
    t?.client.reset();
  });
  afterEach(async () => {
    await Promise.all(connections.map(({ client }) => client.dispose()));
    connections = [];
  });

  describe('on a healthy DynamoDB', () => {
    beforeAll(async () => {
      t = await startApp(platform);
      await t.app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await t.close();
    });

    it('sees the user logged in when it connected: read at connect, checked again (consistently) at each subscribe', async () => {
      const login = await gql('mutation { login(username: "ada") }').expect(200);
      const cookie = cookieHeaderFrom(login);
      t.client.reset();
      const client = open(cookie);
      expect(await results(client, 'subscription { whoami }')).toEqual([
        { data: { whoami: 'ada' } },
      ]);
      expect(await results(client, 'subscription { secret }')).toEqual([
        { data: { secret: 'for ada' } },
      ]);
      expect(t.client.calls).toEqual(['GetItem', 'GetItem', 'GetItem']);
      expect(t.client.sent.map((call) => call.input['ConsistentRead'])).toEqual([true, true, true]);
    });

    it.each([
      ['a logout over HTTP', (cookie: string) => gql('mutation { logout }', cookie).expect(200)],
      [
        '"log out everywhere"',
        () => t.app.get<SessionRepository>(SessionRepository).destroyByUser('ada'),
      ],
      [
        'a change of its identity outside the library (its seal no longer verifies)',
        (cookie: string) =>
          t.client.send(
            new UpdateItemCommand({
              TableName: t.tableName,
              Key: { id: { S: sessionKey(sessionIdFrom(cookie, TEST_SECRET)) } },
              UpdateExpression: 'SET userId = :other',
              ExpressionAttributeValues: { ':other': { S: 'eve' } },
            }),
          ),
      ],
    ])(
      'after %s, the next subscribe closes the connection (4403) and names no user',
      async (_label, end) => {
        const cookie = cookieHeaderFrom(
          await gql('mutation { login(username: "ada") }').expect(200),
        );
        const connection = connect(t, cookie);
        connections.push(connection);
        expect(await results(connection.client, 'subscription { whoami }')).toEqual([
          { data: { whoami: 'ada' } },
        ]);
        await end(cookie);
        const after = await results(connection.client, 'subscription { whoami }').catch(
          (error: unknown) => [{ closedWith: error }],
        );
        expect(JSON.stringify(after)).not.toContain('ada');
        expect(await connection.closed).toEqual({
          code: 4403,
          reason: expect.stringMatching(/^UNAUTHENTICATED: the session of this connection ended/),
        });
      },
    );

    it('without a cookie, a guarded subscription errors with UNAUTHENTICATED', async () => {
      const client = open();
      const [result, ...rest] = await results(client, 'subscription { secret }');
      expect(rest).toEqual([]);
      expect(result?.data ?? null).toBeNull();
      expect(result?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
      expect(await results(client, 'subscription { whoami }')).toEqual([
        { data: { whoami: null } },
      ]);
      expect(t.client.calls).toEqual([]);
    });

    it('a write or a logIn throws, naming why, and stores nothing', async () => {
      const cookie = cookieHeaderFrom(
        await gql('mutation { setValue(key: "remembered", value: "before") }').expect(200),
      );
      t.client.reset();
      const client = open(cookie);
      for (const query of [
        'subscription { remember(value: "after") }',
        'subscription { impersonate(username: "mallory") }',
      ]) {
        const [result, ...rest] = await results(client, query);
        expect(rest).toEqual([]);
        expect(result?.errors?.[0]?.message).toBe(
          'This session is read-only: a GraphQL subscription reads it once, from the Cookie header (or the session token) of its WebSocket connection at connect; no cookie can be set over an open WebSocket and there is no unit of work to save it. Change the session in a query or mutation (POST /graphql).',
        );
      }
      expect(await results(client, 'subscription { whoami }')).toEqual([
        { data: { whoami: null } },
      ]);
      await client.dispose();
      // Nothing written: the read at connect and one check per subscription.
      expect(t.client.calls).toEqual(['GetItem', 'GetItem', 'GetItem', 'GetItem']);
      await gql('query { value(key: "remembered") }', cookie).expect(200, {
        data: { value: 'before' },
      });
    });

    it("reads no session from connectionParams: a cookie there is not the connection's", async () => {
      const cookie = cookieHeaderFrom(await gql('mutation { login(username: "ada") }').expect(200));
      t.client.reset();
      // Mercurius copies connection_init's payload into the upgrade request's headers at subscribe.
      const connection = connect(t, undefined, { cookie, Cookie: cookie, headers: { cookie } });
      connections.push(connection);
      expect(await results(connection.client, 'subscription { whoami }')).toEqual([
        { data: { whoami: null } },
      ]);
      expect(await results(connection.client, 'subscription { secret }')).toEqual([
        { errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] },
      ]);
      expect(t.client.calls).toEqual([]);
    });

    it("a header client's connectionParams.sessionToken opens it, before the cookie; a forged one costs no call", async () => {
      const login = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('X-Session-Token', '')
        .send({ query: 'mutation { login(username: "bea") }' })
        .expect(200);
      const token = login.headers['x-session-token'] as string;
      expect(login.headers['set-cookie']).toBeUndefined();
      const cookie = cookieHeaderFrom(await gql('mutation { login(username: "ada") }').expect(200));
      const connection = connect(t, cookie, { sessionToken: token });
      connections.push(connection);
      expect(await results(connection.client, 'subscription { whoami }')).toEqual([
        { data: { whoami: 'bea' } },
      ]);
      t.client.reset();
      const forged = connect(t, cookie, { sessionToken: `${token.slice(0, -2)}xx` });
      connections.push(forged);
      expect(await results(forged.client, 'subscription { whoami }')).toEqual([
        { data: { whoami: null } },
      ]);
      expect(t.client.calls).toEqual([]);
      // Ended over HTTP with the token: the next subscribe closes the connection.
      await request(t.app.getHttpServer())
        .post('/graphql')
        .set('X-Session-Token', token)
        .send({ query: 'mutation { logout }' })
        .expect(200);
      await results(connection.client, 'subscription { whoami }').catch(() => undefined);
      expect((await connection.closed).code).toBe(4403);
    });

    it('a hostile cookie costs no DynamoDB call', async () => {
      const forged = cookieFor('a'.repeat(43), 'not-the-secret-of-this-app-at-all-32+chars');
      for (const cookie of [forged, 'sid=s%3Ax.y', `sid=${'%'.repeat(4000)}`, 'sid=']) {
        const client = open(cookie);
        expect(await results(client, 'subscription { whoami }')).toEqual([
          { data: { whoami: null } },
        ]);
      }
      expect(t.client.calls).toEqual([]);
    });
  });

  describe('with maxConnectionAge', () => {
    beforeAll(async () => {
      t = await startApp(platform, {}, { maxConnectionAge: 0.3 });
      await t.app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await t.close();
    });

    it('closes a connection once it is that old (1000, CONNECTION_MAX_AGE), so a client reconnects', async () => {
      const cookie = cookieHeaderFrom(await gql('mutation { login(username: "ada") }').expect(200));
      const connection = connect(t, cookie);
      connections.push(connection);
      expect(await results(connection.client, 'subscription { whoami }')).toEqual([
        { data: { whoami: 'ada' } },
      ]);
      expect(await connection.closed).toEqual({
        code: 1000,
        reason: 'CONNECTION_MAX_AGE: reconnect to go on',
      });
    });

    it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 3_000_000])(
      'refuses maxConnectionAge %s, naming the option',
      (maxConnectionAge) => {
        const subscriptions = t.app.get(SessionSubscriptions);
        expect(() => subscriptions.graphqlWs({ maxConnectionAge })).toThrow(
          /graphqlWs\(\{ maxConnectionAge \}\) must be a number of seconds above 0 and at most 2147483/,
        );
      },
    );
  });

  describe('DynamoDB down at connect (the fault proxy)', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await FaultProxy.start(localEndpoint());
      t = await startApp(platform, {
        endpoint: proxy.endpoint,
        region: 'us-east-1',
        requestTimeout: 3_000,
        maxAttempts: 3,
      });
      await t.app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await t.close();
      await proxy.close();
    });

    it('refuses the connection with a clear reason; it connects once the store is back', async () => {
      const cookie = cookieHeaderFrom(await gql('mutation { login(username: "ada") }').expect(200));
      await proxy.refuse();
      const connection = connect(t, cookie);
      connections.push(connection);
      await expect(results(connection.client, 'subscription { whoami }')).rejects.toBeDefined();
      expect(await connection.closed).toEqual({
        code: 1013,
        reason: 'SESSION_STORE_UNAVAILABLE: The session store is unavailable; try again shortly.',
      });
      await proxy.restore();
      expect(await results(open(cookie), 'subscription { whoami }')).toEqual([
        { data: { whoami: 'ada' } },
      ]);
    });
  });
});
