import {
  Controller,
  Get,
  Injectable,
  Module,
  UseGuards,
  UseInterceptors,
  type INestApplication,
} from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  DynamoSessionModule,
  InvalidSessionOptionsError,
  Session,
  SessionGuard,
  SessionInterceptor,
  SessionRepository,
  sessionOptionsFromEnv,
  type DynamoSessionModuleOptions,
  type DynamoSessionOptionsFactory,
} from '../src/index.js';
import { dynamoSessionConfig } from '../src/config/index.js';
import { cookieHeaderFrom } from './support/cookies.js';
import { CountingClient, createTestTable, scanTable } from './support/dynamodb.js';
import { ProbeController, RecordingLogger, TEST_SECRET } from './support/test-app.js';

describe('DynamoSessionModule registration', () => {
  const client = new CountingClient();
  let tableName: string;
  let app: INestApplication | undefined;
  let logger: RecordingLogger;

  beforeAll(async () => {
    tableName = await createTestTable(client);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => client.destroy());

  async function boot(
    imports: unknown[],
    controllers: unknown[] = [ProbeController],
  ): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({ imports, controllers } as never).compile();
    logger = new RecordingLogger();
    app = moduleRef.createNestApplication({ logger });
    await app.init();
    return app;
  }

  it('forRoot', async () => {
    await roundTripOn(
      await boot([DynamoSessionModule.forRoot({ secret: TEST_SECRET, tableName, client })]),
    );
  });

  it('forRootAsync with useFactory and ConfigService', async () => {
    const nest = await boot([
      ConfigModule.forRoot({
        ignoreEnvFile: true,
        load: [() => ({ SESSION_SECRET: TEST_SECRET, SESSION_TABLE: tableName })],
      }),
      DynamoSessionModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService): DynamoSessionModuleOptions => ({
          secret: config.getOrThrow<string>('SESSION_SECRET'),
          tableName: config.getOrThrow<string>('SESSION_TABLE'),
          client,
        }),
      }),
    ]);
    await roundTripOn(nest);
  });

  it('forRootAsync with useClass', async () => {
    @Injectable()
    class SessionOptions implements DynamoSessionOptionsFactory {
      createSessionOptions(): DynamoSessionModuleOptions {
        return { secret: TEST_SECRET, tableName, client };
      }
    }
    await roundTripOn(await boot([DynamoSessionModule.forRootAsync({ useClass: SessionOptions })]));
  });

  it('forRootAsync with useExisting', async () => {
    @Injectable()
    class SharedOptions implements DynamoSessionOptionsFactory {
      async createSessionOptions(): Promise<DynamoSessionModuleOptions> {
        return { secret: TEST_SECRET, tableName, client };
      }
    }
    @Module({ providers: [SharedOptions], exports: [SharedOptions] })
    class OptionsModule {}
    await roundTripOn(
      await boot([
        DynamoSessionModule.forRootAsync({ imports: [OptionsModule], useExisting: SharedOptions }),
      ]),
    );
  });

  describe('from the environment, with dynamoSessionConfig.asProvider() (nestjs-dynamodb-session/config)', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('reads SESSION_* and DYNAMODB_ENDPOINT', async () => {
      process.env['SESSION_SECRET'] = TEST_SECRET;
      process.env['SESSION_TABLE'] = tableName;
      process.env['SESSION_COOKIE_NAME'] = 'env_sid';
      const nest = await boot([
        ConfigModule.forRoot({ ignoreEnvFile: true }),
        DynamoSessionModule.forRootAsync(dynamoSessionConfig.asProvider()),
      ]);
      const put = await request(nest.getHttpServer())
        .put('/value/k')
        .send({ value: 'env' })
        .expect(200);
      await request(nest.getHttpServer())
        .get('/value/k')
        .set('Cookie', cookieHeaderFrom(put, 'env_sid'))
        .expect(200, { value: 'env' });
      const items = await scanTable(client, tableName);
      expect(items.some((item) => (item['data'] as Record<string, unknown>)['k'] === 'env')).toBe(
        true,
      );
    });

    it('reads them without @nestjs/config too: useFactory: () => sessionOptionsFromEnv()', async () => {
      process.env['SESSION_SECRET'] = TEST_SECRET;
      process.env['SESSION_TABLE'] = tableName;
      process.env['SESSION_COOKIE_NAME'] = 'plain_env_sid';
      const nest = await boot([
        DynamoSessionModule.forRootAsync({ useFactory: () => sessionOptionsFromEnv() }),
      ]);
      const put = await request(nest.getHttpServer())
        .put('/value/k')
        .send({ value: 'plain env' })
        .expect(200);
      await request(nest.getHttpServer())
        .get('/value/k')
        .set('Cookie', cookieHeaderFrom(put, 'plain_env_sid'))
        .expect(200, { value: 'plain env' });
    });

    it('stops the app at boot naming every bad variable', async () => {
      process.env['SESSION_SECRET'] = 'short';
      process.env['SESSION_IDLE_TIMEOUT'] = '-1';
      process.env['SESSION_COOKIE_SAMESITE'] = 'sideways';
      const booting = boot([
        ConfigModule.forRoot({ ignoreEnvFile: true }),
        DynamoSessionModule.forRootAsync(dynamoSessionConfig.asProvider()),
      ]);
      await expect(booting).rejects.toThrow(InvalidSessionOptionsError);
      await expect(booting).rejects.toThrow(
        /secret: must each be at least 32 characters long[\s\S]*idleTimeout: must be at least 1[\s\S]*cookie.sameSite: must be one of lax, strict, none/,
      );
    });
  });

  it('stops the app at boot on bad forRoot options, with one message', async () => {
    const booting = boot([
      DynamoSessionModule.forRoot({
        secret: TEST_SECRET,
        idleTimeout: 100,
        touchAfter: 200,
        cookie: { sameSite: 'none' },
      }),
    ]);
    await expect(booting).rejects.toThrow(
      'Invalid DynamoSessionModule options (2 problems):\n' +
        '  - touchAfter: must be less than idleTimeout (100), or a session could expire before it is extended (got 200)\n' +
        '  - cookie.secure: must be true when cookie.sameSite is "none" (browsers drop SameSite=None cookies without Secure)',
    );
  });

  it('provides the repository under the SessionRepository token', async () => {
    const nest = await boot([
      DynamoSessionModule.forRoot({ secret: TEST_SECRET, tableName, client }),
    ]);
    const repository = nest.get<SessionRepository>(SessionRepository);
    expect(await repository.get('no-such-key')).toBeUndefined();
  });

  describe('globalInterceptor: false', () => {
    @Controller('scoped')
    @UseInterceptors(SessionInterceptor)
    class ScopedController {
      @Get()
      read(@Session() session: Session): Record<string, unknown> {
        session['seen'] = true;
        return { ...session };
      }
    }

    it('loads sessions only where @UseInterceptors(SessionInterceptor) applies, and says so elsewhere', async () => {
      const nest = await boot(
        [
          DynamoSessionModule.forRoot({
            secret: TEST_SECRET,
            tableName,
            client,
            globalInterceptor: false,
          }),
        ],
        [ProbeController, ScopedController],
      );
      const scoped = await request(nest.getHttpServer()).get('/scoped').expect(200);
      expect(scoped.body).toEqual({ seen: true });
      const unscoped = await request(nest.getHttpServer()).get('/data').expect(500);
      expect(unscoped.body.message).toBe('Internal server error');
      expect(logger.lines.join('\n')).toContain(
        'add @UseInterceptors(SessionInterceptor) to this controller or handler',
      );
    });
  });

  describe('isGlobal', () => {
    @Controller('feature')
    class FeatureController {
      @Get()
      @UseGuards(SessionGuard)
      read(): { ok: true } {
        return { ok: true };
      }
    }
    @Module({ controllers: [FeatureController] })
    class FeatureModule {}

    it('lets a module that does not import DynamoSessionModule use SessionGuard', async () => {
      const nest = await boot(
        [
          DynamoSessionModule.forRoot({ secret: TEST_SECRET, tableName, client, isGlobal: true }),
          FeatureModule,
        ],
        [],
      );
      await request(nest.getHttpServer()).get('/feature').expect(401);
    });
  });
});

describe('createTable: true', () => {
  it('creates the table with TTL and the user index at boot, safely when several instances boot at once', async () => {
    const client = new CountingClient();
    const tableName = `boot-created-${Date.now()}`;
    const apps = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const moduleRef = await Test.createTestingModule({
          imports: [
            DynamoSessionModule.forRoot({
              secret: TEST_SECRET,
              tableName,
              client,
              createTable: true,
            }),
          ],
          controllers: [ProbeController],
        }).compile();
        const nest = moduleRef.createNestApplication({ logger: false });
        await nest.init();
        return nest;
      }),
    );
    try {
      const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
      expect(table.Table?.TableStatus).toBe('ACTIVE');
      expect(table.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
        'userId-index',
      ]);
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(ttl.TimeToLiveDescription).toMatchObject({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: 'expires',
      });
      for (const nest of apps) await roundTripOn(nest);
    } finally {
      for (const nest of apps) await nest.close();
      client.destroy();
    }
  });
});

/** Stores a value and reads it back through `nest`. */
async function roundTripOn(nest: INestApplication): Promise<void> {
  const put = await request(nest.getHttpServer()).put('/value/k').send({ value: 'v' }).expect(200);
  await request(nest.getHttpServer())
    .get('/value/k')
    .set('Cookie', cookieHeaderFrom(put))
    .expect(200, { value: 'v' });
}
