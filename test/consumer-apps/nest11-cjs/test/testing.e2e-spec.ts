import { Test, TestingModule } from '@nestjs/testing';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { App } from 'supertest/types';
import {
  DynamoSessionTestingModule,
  TestClock,
  createSessionCookie,
} from 'nestjs-dynamodb-session/testing';
import { AuthController } from './../src/auth.controller';

/** The same controller on sessions kept in memory: no DynamoDB, no table. */
describe('AuthController on nestjs-dynamodb-session/testing (e2e)', () => {
  let app: INestApplication<App>;

  beforeEach(async () => {
    const moduleFixture: TestingModule = await Test.createTestingModule({
      imports: [
        DynamoSessionTestingModule.forRoot({
          secret: 'a-test-secret-of-at-least-32-characters',
          idleTimeout: 1800,
        }),
      ],
      controllers: [AuthController],
    }).compile();

    app = moduleFixture.createNestApplication();
    await app.init();
  });

  it('starts logged in with a session cookie, which ends after 30 idle minutes', async () => {
    const cookie = await createSessionCookie(app, { userId: 'ada' });
    await request(app.getHttpServer())
      .get('/auth/me')
      .set('Cookie', cookie)
      .expect(200, { username: 'ada' });
    app.get(TestClock).advance(30 * 60_000);
    await request(app.getHttpServer()).get('/auth/me').set('Cookie', cookie).expect(401);
  });

  it('logs in, reads the session, logs out', async () => {
    const agent = request.agent(app.getHttpServer());
    await agent.post('/auth/login').send({ username: 'grace' }).expect(200);
    await agent.get('/auth/me').expect(200, { username: 'grace' });
    await agent.post('/auth/logout').expect(204);
    await agent.get('/auth/me').expect(401);
  });

  afterEach(async () => {
    await app.close();
  });
});
