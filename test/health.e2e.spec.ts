import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { freePort } from '../sample/embedded-dynamodb.js';
import { DynamoSessionHealthIndicator } from '../src/health/index.js';
import { DynamoSessionModule, type DynamoSessionModuleOptions } from '../src/index.js';
import { createTestTable, localEndpoint, createPlainTable } from './support/dynamodb.js';
import { TEST_SECRET } from './support/test-app.js';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly session: DynamoSessionHealthIndicator,
  ) {}

  @Get('session')
  @HealthCheck()
  check() {
    return this.health.check([() => this.session.isHealthy()]);
  }
}

describe('DynamoSessionHealthIndicator (@nestjs/terminus)', () => {
  const client = new DynamoDBClient({ endpoint: localEndpoint(), region: 'us-east-1' });
  let app: INestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => client.destroy());

  async function boot(options: Partial<DynamoSessionModuleOptions>): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TerminusModule.forRoot({ logger: false }),
        DynamoSessionModule.forRoot({ secret: TEST_SECRET, ...options }),
      ],
      controllers: [HealthController],
      providers: [DynamoSessionHealthIndicator],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return app;
  }

  it('is up for an ACTIVE table with TTL on the expiry attribute', async () => {
    const tableName = await createTestTable(client);
    const nest = await boot({ tableName, client });
    const response = await request(nest.getHttpServer()).get('/health/session').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { session: { status: 'up', table: tableName, tableStatus: 'ACTIVE', ttl: 'ENABLED' } },
    });
  });

  it('is down (503) for a table without TTL, saying what to fix', async () => {
    const tableName = `no-ttl-${Date.now()}`;
    await createPlainTable(client, tableName);
    const nest = await boot({ tableName, client });
    const response = await request(nest.getHttpServer()).get('/health/session').expect(503);
    expect(response.body.error.session).toMatchObject({
      status: 'down',
      message: 'TTL must be enabled on "expires"',
    });
  });

  it('is down (503) for a missing table and for an unreachable DynamoDB, within requestTimeout', async () => {
    let nest = await boot({ tableName: 'missing-table', client });
    const missing = await request(nest.getHttpServer()).get('/health/session').expect(503);
    expect(missing.body.error.session.message).toBe(
      'ResourceNotFoundException: the table could not be described',
    );
    await app?.close();
    nest = await boot({
      tableName: 'sessions',
      endpoint: `http://127.0.0.1:${await freePort()}`,
      region: 'us-east-1',
      requestTimeout: 500,
      maxAttempts: 1,
    });
    const down = await request(nest.getHttpServer())
      .get('/health/session')
      .timeout(10_000)
      .expect(503);
    expect(down.body.error.session.status).toBe('down');
  });
});
