import { PassportModule } from '@nestjs/passport';
import request from 'supertest';
import { DynamoSessionPassportModule } from '../src/passport/index.js';
import { cookieHeaderFrom } from './support/cookies.js';
import {
  LocalStrategy,
  PassportController,
  passportSetup,
  PlainController,
  RootController,
  UserSerializer,
  type User,
} from './support/passport-app.js';
import { createTestApp, PLATFORMS } from './support/test-app.js';

describe.each(PLATFORMS)('DynamoSessionPassportModule.register({ userIdOf }) on %s', (platform) => {
  /** Logs `username` in on an app made with `setup`, and answers what `/whoami` then says. */
  async function whoamiAfterLogin(
    setup: Parameters<typeof createTestApp>[2],
    username: string,
  ): Promise<unknown> {
    const t = await createTestApp({}, [PassportController], { ...setup, platform });
    try {
      const login = await request(t.app.getHttpServer())
        .post('/login')
        .send({ username, password: `${username}-password` })
        .expect(200);
      const whoami = await request(t.app.getHttpServer())
        .get('/whoami')
        .set('Cookie', cookieHeaderFrom(login))
        .expect(200);
      return whoami.body as unknown;
    } finally {
      await t.close();
    }
  }

  it('takes the identity of a whole serialized user where userIdOf says', async () => {
    const setup = {
      ...passportSetup,
      imports: [
        PassportModule.register({ session: true, keepSessionInfo: true }),
        DynamoSessionPassportModule.register({
          userIdOf: (user) => `name:${(user as User).name}`,
        }),
      ],
    };
    expect(await whoamiAfterLogin(setup, 'ola')).toEqual({
      user: { id: 'u-ola', name: 'Ola' },
      userId: 'name:Ola',
    });
  });

  it('a userIdOf that fails on the stored user (it is JSON, without methods) is no 500: the identity stands for it', async () => {
    // The user at login has a method; the copy kept with the session, read back as JSON, has not.
    const withMethod = (user: User) => ({ ...user, getId: () => user.id });
    const setup = {
      imports: [
        PassportModule.register({ session: true, keepSessionInfo: true }),
        DynamoSessionPassportModule.register({
          userIdOf: (user) => (user as { getId(): string }).getId(),
        }),
      ],
      providers: [
        LocalStrategy,
        {
          provide: UserSerializer,
          useFactory: () => {
            const serializer = new UserSerializer();
            serializer.serializeUser = (user, done) => done(null, withMethod(user));
            return serializer;
          },
        },
      ],
    };
    expect(await whoamiAfterLogin(setup, 'ann')).toEqual({
      user: { id: 'u-ann', name: 'Ann' },
      userId: 'u-ann',
    });
  });

  it('refuses a userIdOf that is no function, and routes: [], naming the fix', () => {
    expect(() =>
      DynamoSessionPassportModule.register({ userIdOf: 'id' as unknown as () => string }),
    ).toThrow(/userIdOf \}\) must be a function/);
    expect(() => DynamoSessionPassportModule.register({ routes: [] })).toThrow(
      /needs at least one route/,
    );
  });
});

describe.each(PLATFORMS)('Passport on the root route (/), on %s', (platform) => {
  it('logs in on POST / and sees req.user on GET /', async () => {
    const t = await createTestApp({}, [RootController], { ...passportSetup, platform });
    try {
      const api = () => request(t.app.getHttpServer());
      const login = await api()
        .post('/')
        .send({ username: 'ann', password: 'ann-password' })
        .expect(200, { user: { id: 'u-ann', name: 'Ann' } });
      await api()
        .get('/')
        .set('Cookie', cookieHeaderFrom(login))
        .expect(200, { user: { id: 'u-ann', name: 'Ann' } });
      await api().get('/').expect(200, { user: null });
    } finally {
      await t.close();
    }
  });

  it('a whole-user serializer: login on POST /, the user whole on GET /, a guarded route, then logout refuses it', async () => {
    const t = await createTestApp({}, [RootController, PassportController], {
      ...passportSetup,
      platform,
    });
    try {
      const api = () => request(t.app.getHttpServer());
      const ola = { id: 'u-ola', name: 'Ola' };
      const login = await api()
        .post('/')
        .send({ username: 'ola', password: 'ola-password' })
        .expect(200, { user: ola });
      const cookie = cookieHeaderFrom(login);
      await api().get('/').set('Cookie', cookie).expect(200, { user: ola });
      await api().get('/profile').set('Cookie', cookie).expect(200, { user: ola });
      await api().get('/profile').expect(403);
      await api().post('/logout').set('Cookie', cookie).expect(204);
      await api().get('/profile').set('Cookie', cookie).expect(403);
      await api().get('/').set('Cookie', cookie).expect(200, { user: null });
    } finally {
      await t.close();
    }
  });
});

describe.each(PLATFORMS)('DynamoSessionPassportModule.forRoutes on %s', (platform) => {
  it("runs Passport's session on those routes only: the others read no session", async () => {
    const t = await createTestApp({}, [PassportController, PlainController], {
      ...passportSetup,
      platform,
      imports: [
        PassportModule.register({ session: true }),
        DynamoSessionPassportModule.forRoutes(PassportController),
      ],
    });
    try {
      const api = () => request(t.app.getHttpServer());
      const user = cookieHeaderFrom(
        await api().post('/login').send({ username: 'ann', password: 'ann-password' }).expect(200),
      );
      t.client.reset();
      await api().get('/plain').set('Cookie', user).expect(200, { ok: true });
      expect(t.client.calls).toEqual([]);
      const me = await api().get('/whoami').set('Cookie', user).expect(200);
      expect(me.body.user).toEqual({ id: 'u-ann', name: 'Ann' });
      expect(() => DynamoSessionPassportModule.forRoutes()).toThrow(/at least one route/);
    } finally {
      await t.close();
    }
  });
});
