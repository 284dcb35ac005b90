import { Body, Controller, Header, Param, Put } from '@nestjs/common';
import request from 'supertest';
import { Session } from '../src/index.js';
import { cookieHeaderFrom, setCookies } from './support/cookies.js';
import { createTestApp, PLATFORMS, ProbeController, type TestApp } from './support/test-app.js';

/** A route whose own Cache-Control the library must leave alone. */
@Controller('cached')
class CachedController {
  @Put(':key')
  @Header('Cache-Control', 'private, max-age=60')
  set(
    @Session() session: Session,
    @Param('key') key: string,
    @Body() body: { value?: unknown },
  ): { key: string } {
    session[key] = body.value;
    return { key };
  }
}

describe.each(PLATFORMS)(
  'Cache-Control on responses that carry the session cookie (%s)',
  (platform) => {
    let t: TestApp;
    const api = () => request(t.app.getHttpServer());

    beforeEach(async () => {
      t = await createTestApp({}, [ProbeController, CachedController], { platform });
    });
    afterEach(async () => {
      await t.close();
    });

    it('a response that sets the cookie (a new session, a login) says no-store', async () => {
      const created = await api().put('/value/cart').send({ value: 1 }).expect(200);
      expect(setCookies(created)).toHaveLength(1);
      expect(created.headers['cache-control']).toBe('no-store');
      const login = await api()
        .post('/login')
        .set('Cookie', cookieHeaderFrom(created))
        .send({ username: 'ada' })
        .expect(200);
      expect(setCookies(login)).toHaveLength(1);
      expect(login.headers['cache-control']).toBe('no-store');
    });

    it('a response that clears the cookie (a logout) says no-store', async () => {
      const cookie = cookieHeaderFrom(
        await api().put('/value/cart').send({ value: 1 }).expect(200),
      );
      const logout = await api().post('/logout').set('Cookie', cookie).expect(204);
      expect(String(logout.headers['set-cookie'])).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
      expect(logout.headers['cache-control']).toBe('no-store');
    });

    it('a response without the cookie gets no Cache-Control from the library', async () => {
      const cookie = cookieHeaderFrom(
        await api().put('/value/cart').send({ value: 1 }).expect(200),
      );
      const read = await api().get('/value/cart').set('Cookie', cookie).expect(200);
      expect(setCookies(read)).toEqual([]);
      expect(read.headers['cache-control']).toBeUndefined();
    });

    it("keeps the app's own Cache-Control on a response that sets the cookie", async () => {
      const response = await api().put('/cached/cart').send({ value: 1 }).expect(200);
      expect(setCookies(response)).toHaveLength(1);
      expect(response.headers['cache-control']).toBe('private, max-age=60');
    });
  },
);
