import { Test } from '@nestjs/testing';
import { INestApplication, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import request from 'supertest';
import { App } from 'supertest/types';
import { DynamoSessionModule, sessionOptionsFromEnv } from 'nestjs-dynamodb-session';
import { DynamoSessionPassportModule } from 'nestjs-dynamodb-session/passport';
import {
  LocalStrategy,
  RootController,
  WholeUserSerializer,
  cookieFrom,
  storedUsers,
} from './passport-app';

/** Passport on the module's session, as docs/passport.md registers it. */
@Module({
  imports: [
    DynamoSessionModule.forRootAsync({ useFactory: () => sessionOptionsFromEnv(), isGlobal: true }),
    PassportModule.register({ session: true }),
    DynamoSessionPassportModule,
  ],
  controllers: [RootController],
  providers: [LocalStrategy, WholeUserSerializer],
})
class PassportAppModule {}

const ADA = { id: 'u-ada', name: 'Ada', roles: ['admin'] };

describe('Passport on DynamoSessionPassportModule: a whole-user serializer, login on / (Nest 11)', () => {
  let app: INestApplication<App>;
  const api = () => request(app.getHttpServer());

  beforeEach(async () => {
    const moduleFixture = await Test.createTestingModule({
      imports: [PassportAppModule],
    }).compile();
    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterEach(async () => {
    await app.close();
  });

  it('refuses a stranger and a wrong password', async () => {
    await api().get('/').expect(200, { user: null });
    await api().get('/profile').expect(403);
    const wrong = await api().post('/').send({ username: 'ada', password: 'babbage' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('logs in on POST /, keeps the whole user, lets it through the guarded route, and logs out', async () => {
    const login = await api()
      .post('/')
      .send({ username: 'ada', password: 'lovelace' })
      .expect(200, { user: ADA });
    const cookie = cookieFrom(login);
    expect(cookie).toMatch(/^sid=./);
    // The whole user is kept with the data; its id is the session's identity.
    expect(await storedUsers('u-ada')).toEqual([{ userId: 'u-ada', user: ADA }]);

    await api().get('/').set('Cookie', cookie).expect(200, { user: ADA });
    await api().get('/profile').set('Cookie', cookie).expect(200, { user: ADA });
    await api().get('/profile').expect(403);

    const logout = await api().post('/logout').set('Cookie', cookie).expect(204);
    expect(logout.headers['set-cookie']?.[0]).toMatch(/^sid=; /);
    expect(await storedUsers('u-ada')).toEqual([]);
    // The old cookie is worth nothing now.
    await api().get('/profile').set('Cookie', cookie).expect(403);
    await api().get('/').set('Cookie', cookie).expect(200, { user: null });
  });
});
