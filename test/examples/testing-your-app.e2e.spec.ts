import { Body, Controller, Get, Post, UseGuards, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { Session, SessionGuard } from '../../src/index.js';
import {
  createSessionCookie,
  DynamoSessionTestingModule,
  TestClock,
} from '../../src/testing/index.js';

@Controller('cart')
@UseGuards(SessionGuard) // 401 unless logged in
class CartController {
  @Get()
  list(@Session() session: Session) {
    return { user: session.userId, items: session['items'] ?? [] };
  }

  @Post()
  add(@Session() session: Session, @Body() body: { item: string }) {
    session['items'] = [...((session['items'] as string[] | undefined) ?? []), body.item];
    return { items: session['items'] };
  }
}

describe('CartController, on sessions kept in memory', () => {
  let app: INestApplication;
  let clock: TestClock;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DynamoSessionTestingModule.forRoot({
          secret: 'a-test-secret-of-at-least-32-characters',
          idleTimeout: 30 * 60, // seconds
        }),
      ],
      controllers: [CartController],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    clock = app.get(TestClock);
  });

  afterEach(() => app.close());

  it('starts a request logged in, with a cart', async () => {
    const cookie = await createSessionCookie(app, { userId: 'ann', data: { items: ['pear'] } });
    await request(app.getHttpServer())
      .post('/cart')
      .set('Cookie', cookie)
      .send({ item: 'fig' })
      .expect(201, { items: ['pear', 'fig'] });
    await request(app.getHttpServer())
      .get('/cart')
      .set('Cookie', cookie)
      .expect(200, { user: 'ann', items: ['pear', 'fig'] });
  });

  it('ends the session after 30 idle minutes, without waiting for them', async () => {
    const cookie = await createSessionCookie(app, { userId: 'ann' });
    clock.advance(29 * 60_000);
    await request(app.getHttpServer()).get('/cart').set('Cookie', cookie).expect(200);
    clock.advance(30 * 60_000);
    await request(app.getHttpServer()).get('/cart').set('Cookie', cookie).expect(401);
  });

  it('rejects a request without a session', async () => {
    await request(app.getHttpServer()).get('/cart').expect(401);
  });
});
