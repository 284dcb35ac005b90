import request from 'supertest';
import { Controller, Get, Param } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { Session, type DynamoSessionModuleOptions } from '../src/index.js';
import { DynamoSessionGraphqlModule } from '../src/graphql/index.js';
import { cookieHeaderFrom, sessionCookie } from './support/cookies.js';
import { localEndpoint } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { ProbeResolver, recentLoginProbe } from './support/graphql-probe.resolver.js';
import { createTestApp, PLATFORMS, type Platform, type TestApp } from './support/test-app.js';

/** The REST side of the same app: the session a GraphQL operation wrote. */
@Controller('rest')
class RestController {
  @Get(':key')
  value(@Session() session: Session, @Param('key') key: string): { value: unknown } {
    return { value: session[key] ?? null };
  }
}

function graphqlModule(platform: Platform) {
  return platform === 'fastify'
    ? GraphQLModule.forRoot<MercuriusDriverConfig>({
        driver: MercuriusDriver,
        autoSchemaFile: true,
      })
    : GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true });
}

/** An app serving GraphQL (Apollo on Express, Mercurius on Fastify) and REST on one session. */
function startGraphqlApp(
  platform: Platform,
  options: Partial<DynamoSessionModuleOptions> = {},
): Promise<TestApp> {
  return createTestApp(options, [RestController], {
    platform,
    imports: [graphqlModule(platform), DynamoSessionGraphqlModule],
    providers: [ProbeResolver],
  });
}

describe.each(PLATFORMS)('GraphQL (%s)', (platform) => {
  let t: TestApp;
  const gql = (query: string, cookie?: string) => {
    const call = request(t.app.getHttpServer()).post('/graphql').send({ query });
    return cookie === undefined ? call : call.set('Cookie', cookie);
  };

  describe('on a healthy DynamoDB', () => {
    beforeAll(async () => {
      t = await startGraphqlApp(platform);
    });
    afterAll(async () => {
      await t.close();
    });

    it('three resolvers of one request share one session: one GetItem, one save', async () => {
      const cookie = cookieHeaderFrom(
        await gql(
          'mutation { a: setValue(key: "a", value: "1") b: setValue(key: "b", value: "2") }',
        ).expect(200),
      );
      t.client.reset();
      const response = await gql(
        'query { a: value(key: "a") b: value(key: "b") c: value(key: "c") }',
        cookie,
      ).expect(200);
      expect(response.body).toEqual({ data: { a: '1', b: '2', c: null } });
      expect(t.client.count('GetItem')).toBe(1);
      expect(t.client.calls.filter((name) => name !== 'GetItem')).toEqual([]);

      t.client.reset();
      await gql(
        'mutation { x: setValue(key: "x", value: "1") y: setValue(key: "y", value: "2") z: setValue(key: "z", value: "3") }',
        cookie,
      ).expect(200);
      expect(t.client.calls).toEqual(['GetItem', 'UpdateItem']);
    });

    it('the login mutation rotates the cookie; the old one no longer names a session', async () => {
      const guest = cookieHeaderFrom(
        await gql('mutation { setValue(key: "cart", value: "book") }').expect(200),
      );
      const login = await gql('mutation { login(username: "ada") }', guest).expect(200);
      expect(login.body).toEqual({ data: { login: 'ada' } });
      const user = cookieHeaderFrom(login);
      expect(user).not.toBe(guest);
      // The operation's response sets one user's cookie: no shared cache may keep it.
      expect(login.headers['cache-control']).toBe('no-store');
      await gql('query { me cart: value(key: "cart") }', user).expect(200, {
        data: { me: 'ada', cart: 'book' },
      });
      const old = await gql('query { me }', guest).expect(200);
      expect(old.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('`me` without an authenticated session: UNAUTHENTICATED, not an internal error', async () => {
      const response = await gql('query { me }').expect(200);
      expect(response.body.data).toEqual({ me: null });
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.errors[0].message).toBe(
        'Log in first: this route needs an authenticated session.',
      );
    });

    it('RequireRecentLogin: an older login gets REAUTHENTICATION_REQUIRED, and no store call of its own', async () => {
      const cookie = cookieHeaderFrom(await gql('mutation { login(username: "cy") }').expect(200));
      t.client.reset();
      await gql('query { sensitive }', cookie).expect(200, { data: { sensitive: 'cy' } });
      expect(t.client.calls).toEqual(['GetItem']);
      recentLoginProbe.seconds = 0.01;
      try {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const refused = await gql('query { sensitive }', cookie).expect(200);
        expect(refused.body.data).toEqual({ sensitive: null });
        expect(refused.body.errors[0].extensions.code).toBe('REAUTHENTICATION_REQUIRED');
        expect(refused.body.errors[0].message).toMatch(/^Log in again: this action needs a login/);
      } finally {
        recentLoginProbe.seconds = 300;
      }
      const guest = await gql('query { sensitive }').expect(200);
      expect(guest.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('logout clears the cookie; REST and GraphQL share the session', async () => {
      const cookie = cookieHeaderFrom(await gql('mutation { login(username: "bo") }').expect(200));
      await gql('mutation { setValue(key: "shared", value: "from-graphql") }', cookie).expect(200);
      await request(t.app.getHttpServer())
        .get('/rest/shared')
        .set('Cookie', cookie)
        .expect(200, { value: 'from-graphql' });
      const logout = await gql('mutation { logout }', cookie).expect(200);
      expect(logout.body).toEqual({ data: { logout: true } });
      expect(sessionCookie(logout)?.value).toBe('');
      expect(String(logout.headers['set-cookie'])).toMatch(/Max-Age=0/);
      expect(logout.headers['cache-control']).toBe('no-store');
      const after = await gql('query { me }', cookie).expect(200);
      expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('DynamoDB down (the fault proxy)', () => {
    let proxy: FaultProxy;
    beforeEach(async () => {
      proxy = await FaultProxy.start(localEndpoint());
      t = await startGraphqlApp(platform, {
        endpoint: proxy.endpoint,
        region: 'us-east-1',
        requestTimeout: 3_000,
        maxAttempts: 3,
      });
    });
    afterEach(async () => {
      await t.close();
      await proxy.close();
    });

    it('a read gives SESSION_STORE_UNAVAILABLE with HTTP 503, without a hang', async () => {
      const cookie = cookieHeaderFrom(
        await gql('mutation { setValue(key: "k", value: "v") }').expect(200),
      );
      await proxy.refuse();
      const response = await gql('query { a: value(key: "k") b: value(key: "k") }', cookie)
        .timeout(25_000)
        .expect(503);
      expect(response.body.errors.length).toBeGreaterThan(0);
      for (const error of response.body.errors) {
        expect(error.extensions.code).toBe('SESSION_STORE_UNAVAILABLE');
      }
      expect(response.body.data ?? null).toBeNull();
      await proxy.restore();
      await gql('query { value(key: "k") }', cookie).expect(200, { data: { value: 'v' } });
    });

    it('a failed save: SESSION_STORE_UNAVAILABLE with HTTP 503, and nothing of it stored', async () => {
      const cookie = cookieHeaderFrom(
        await gql('mutation { setValue(key: "k", value: "v") }').expect(200),
      );
      proxy.faultOnly = ['UpdateItem'];
      proxy.mode = 'blackhole';
      const response = await gql(
        'mutation { a: setValue(key: "k", value: "changed") b: setValue(key: "other", value: "x") }',
        cookie,
      )
        .timeout(25_000)
        .expect(503);
      expect(response.body.data ?? null).toBeNull();
      expect(response.body.errors.at(-1).extensions.code).toBe('SESSION_STORE_UNAVAILABLE');
      proxy.mode = 'pass';
      await gql('query { k: value(key: "k") other: value(key: "other") }', cookie).expect(200, {
        data: { k: 'v', other: null },
      });
    });
  });
});
