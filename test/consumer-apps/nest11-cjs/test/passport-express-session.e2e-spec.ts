import { Test } from '@nestjs/testing';
import { INestApplication, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import session from 'express-session';
import passport from 'passport';
import request from 'supertest';
import { App } from 'supertest/types';
import { DynamoSessionStore } from 'nestjs-dynamodb-session/express-session';
import {
  LocalStrategy,
  RootController,
  WholeUserSerializer,
  cookieFrom,
  storedUsers,
} from './passport-app';

/** The same app without the module: express-session keeps the sessions, in DynamoDB. */
@Module({
  imports: [PassportModule.register({ session: true })],
  controllers: [RootController],
  providers: [LocalStrategy, WholeUserSerializer],
})
class PassportAppModule {}

const GRACE = { id: 'u-grace', name: 'Grace', roles: ['dev'] };

describe('Passport on express-session with DynamoSessionStore: a whole-user serializer, login on / (Nest 11)', () => {
  let app: INestApplication<App>;
  let client: DynamoDBClient;
  const api = () => request(app.getHttpServer());

  beforeEach(async () => {
    const moduleFixture = await Test.createTestingModule({
      imports: [PassportAppModule],
    }).compile();
    app = moduleFixture.createNestApplication();
    // What main.ts does, as docs/express-session-store.md writes it: the session, then Passport.
    client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
    app.use(
      session({
        secret: process.env.SESSION_SECRET!,
        resave: false,
        saveUninitialized: false,
        cookie: { maxAge: 24 * 60 * 60 * 1000, httpOnly: true, sameSite: 'lax' },
        store: new DynamoSessionStore({ client, tableName: process.env.SESSION_TABLE }),
      }),
    );
    app.use(passport.initialize());
    app.use(passport.session());
    await app.init();
  });

  afterEach(async () => {
    await app.close();
    client.destroy();
  });

  it('refuses a stranger and a wrong password', async () => {
    await api().get('/').expect(200, { user: null });
    await api().get('/profile').expect(403);
    const wrong = await api().post('/').send({ username: 'grace', password: 'cobol' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('logs in on POST /, keeps the whole user, lets it through the guarded route, and logs out', async () => {
    const login = await api()
      .post('/')
      .send({ username: 'grace', password: 'hopper' })
      .expect(200, { user: GRACE });
    const cookie = cookieFrom(login);
    expect(cookie).toMatch(/^connect\.sid=./);
    // The whole user is a data key (`passport`) like any other: the Store sets no identity.
    expect(await storedUsers('u-grace')).toEqual([{ userId: undefined, user: GRACE }]);

    await api().get('/').set('Cookie', cookie).expect(200, { user: GRACE });
    await api().get('/profile').set('Cookie', cookie).expect(200, { user: GRACE });
    await api().get('/profile').expect(403);

    await api().post('/logout').set('Cookie', cookie).expect(204);
    expect(await storedUsers('u-grace')).toEqual([]);
    // The old cookie is worth nothing now.
    await api().get('/profile').set('Cookie', cookie).expect(403);
    await api().get('/').set('Cookie', cookie).expect(200, { user: null });
  });
});
