import { Test, TestingModule } from '@nestjs/testing';
import { INestApplication } from '@nestjs/common';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import request from 'supertest';
import { App } from 'supertest/types';
import { AppModule } from './../src/app.module';

/**
 * How many sessions of the user `ada` the table holds, straight from DynamoDB (items with data: not the
 * users' recent logins; other specs share the table).
 */
async function storedSessions(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  try {
    const scan = await client.send(
      new ScanCommand({
        TableName: process.env.SESSION_TABLE,
        Select: 'COUNT',
        FilterExpression: 'attribute_exists(#data) AND #userId = :ada',
        ExpressionAttributeNames: { '#data': 'data', '#userId': 'userId' },
        ExpressionAttributeValues: { ':ada': { S: 'ada' } },
        ConsistentRead: true,
      }),
    );
    return scan.Count ?? 0;
  } finally {
    client.destroy();
  }
}

describe('AuthController (e2e)', () => {
  let app: INestApplication<App>;

  beforeEach(async () => {
    const moduleFixture: TestingModule = await Test.createTestingModule({
      imports: [AppModule],
    }).compile();

    app = moduleFixture.createNestApplication();
    await app.init();
  });

  it('logs in, reads the session, logs out', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.get('/auth/me').expect(401);

    const login = await agent.post('/auth/login').send({ username: 'ada' }).expect(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/^sid=[^;]+;.* HttpOnly/);
    expect(await storedSessions()).toBe(1);

    await agent.get('/auth/me').expect(200, { username: 'ada' });

    const logout = await agent.post('/auth/logout').expect(204);
    expect(logout.headers['set-cookie']?.[0]).toMatch(/^sid=; /);
    expect(await storedSessions()).toBe(0);
    await agent.get('/auth/me').expect(401);
  });

  afterEach(async () => {
    await app.close();
  });
});
