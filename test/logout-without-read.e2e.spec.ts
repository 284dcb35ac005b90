import { createHash } from 'node:crypto';
import {
  Controller,
  HttpCode,
  Injectable,
  Post,
  Query,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import request from 'supertest';
import { Session, SessionGuard, SessionRepository, UseSession } from '../src/index.js';
import { SessionManager } from '../src/session/session-manager.js';
import { cookieFor, cookieHeaderFrom, sessionCookie, sessionIdFrom } from './support/cookies.js';
import { getItem, localEndpoint, scanAllItems } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import {
  createTestApp,
  PLATFORMS,
  ProbeController,
  TEST_SECRET,
  type TestApp,
} from './support/test-app.js';

/** Reads the session through the core after the session interceptor, as a guard or transport does. */
@Injectable()
class ReadsSessionInterceptor implements NestInterceptor {
  constructor(private readonly manager: SessionManager) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ raw?: object }>();
    const unit = request.raw ?? request;
    const input = () => ({ cookieHeader: undefined, https: false, userAgent: undefined });
    return from(this.manager.load(unit, input)).pipe(switchMap(() => next.handle()));
  }
}

/** Logouts that take only `destroy`, and the handlers that must still read the session. */
@Controller('end')
class EndController {
  @Post()
  @HttpCode(204)
  end(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }

  /** Takes `destroy` but calls it only when asked. */
  @Post('maybe')
  @HttpCode(204)
  maybe(@Session('destroy') destroy: Session['destroy'], @Query('end') end?: string): void {
    if (end === 'yes') destroy();
  }

  /** Also reads a value: the session is read. */
  @Post('and-read')
  @HttpCode(200)
  andRead(
    @Session('destroy') destroy: Session['destroy'],
    @Session('k') value: unknown,
  ): { value: unknown } {
    destroy();
    return { value: value ?? null };
  }

  /** `@UseSession()` asks for the session as such: it is read. */
  @Post('use-session')
  @HttpCode(204)
  @UseSession()
  useSession(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }

  /** The guard reads the session first; the handler reuses it. */
  @Post('guarded')
  @HttpCode(204)
  @UseGuards(SessionGuard)
  guarded(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }

  /** Code after the session interceptor that reads the session of a unit that was not read. */
  @Post('read-later')
  @HttpCode(204)
  @UseInterceptors(ReadsSessionInterceptor)
  readLater(@Session('destroy') destroy: Session['destroy']): void {
    destroy();
  }
}

const keyOf = (cookie: string): string =>
  createHash('sha256').update(sessionIdFrom(cookie, TEST_SECRET)).digest('base64url');

/**
 * A logout whose handler takes only `@Session('destroy')` deletes the session without reading it
 * first (a DeleteItem, no GetItem), and keeps every guarantee of a logout. Calls are counted by the
 * fault proxy in front of DynamoDB Local.
 */
describe.each(PLATFORMS)('logout without a read (%s)', (platform) => {
  let proxy: FaultProxy;
  let t: TestApp;
  const api = () => request(t.app.getHttpServer());

  beforeEach(async () => {
    proxy = await FaultProxy.start(localEndpoint());
    // touchAfter 0: any session that was read and saved would be written, so "nothing written" shows.
    t = await createTestApp(
      { endpoint: proxy.endpoint, region: 'us-east-1', requestTimeout: 3_000, touchAfter: 0 },
      [ProbeController, EndController],
      { platform },
    );
  });
  afterEach(async () => {
    await t.close();
    await proxy.close();
  });

  /** A logged-in session holding `k`, stored while DynamoDB is healthy. */
  async function loggedIn(user = 'ann'): Promise<string> {
    const guest = cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
    return cookieHeaderFrom(
      await api().post('/login').set('Cookie', guest).send({ username: user }).expect(200),
    );
  }

  /** The DynamoDB operations `call` made. */
  async function operationsOf(call: () => Promise<unknown>): Promise<string[]> {
    const before = proxy.operations.length;
    await call();
    return proxy.operations.slice(before);
  }

  it('is one DeleteItem: the item and its index entry are gone, the cookie is cleared', async () => {
    const cookie = await loggedIn();
    const repository = t.app.get<SessionRepository>(SessionRepository);
    expect((await repository.listByUser('ann')).sessions).toHaveLength(1);
    let response: request.Response | undefined;
    const calls = await operationsOf(async () => {
      response = await api().post('/end').set('Cookie', cookie).expect(204);
    });
    expect(calls).toEqual(['DeleteItem']);
    expect(sessionCookie(response!)).toMatchObject({ value: '' });
    expect(sessionCookie(response!)?.maxAge ?? 0).toBeLessThanOrEqual(0);
    expect(await getItem(t.client, t.tableName, keyOf(cookie))).toBeUndefined();
    expect((await repository.listByUser('ann')).sessions).toHaveLength(0);
    // The recent logins still name the key, but "log out everywhere" finds no live session there.
    expect(await repository.destroyByUser('ann')).toBe(0);
    await api().get('/me').set('Cookie', cookie).expect(401);
  });

  it('a write in flight when the logout lands cannot bring the session back (409)', async () => {
    const cookie = await loggedIn();
    const reads = proxy.count('GetItem');
    const late = api().put('/slow/k?ms=400').set('Cookie', cookie).send({ value: 'late' }).then();
    // The slow write has read the session before the logout deletes it.
    while (proxy.count('GetItem') === reads)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await api().post('/end').set('Cookie', cookie).expect(204);
    expect((await late).status).toBe(409);
    expect(await getItem(t.client, t.tableName, keyOf(cookie))).toBeUndefined();
  });

  it('a store outage is a 503, not a silent logout: the cookie and the session stay', async () => {
    const cookie = await loggedIn();
    await proxy.refuse();
    const down = await api().post('/end').set('Cookie', cookie).expect(503);
    expect(down.headers['retry-after']).toBe('1');
    expect(sessionCookie(down)).toBeUndefined();
    await proxy.restore();
    expect(await getItem(t.client, t.tableName, keyOf(cookie))).toBeDefined();
    expect(await operationsOf(() => api().post('/end').set('Cookie', cookie).expect(204))).toEqual([
      'DeleteItem',
    ]);
  });

  it('a cookie that does not verify, or none, costs no DynamoDB call and clears the cookie', async () => {
    const forged = cookieFor('A'.repeat(43), 'another-secret-of-at-least-32-characters');
    for (const cookie of [forged, undefined]) {
      let response: request.Response | undefined;
      const calls = await operationsOf(async () => {
        const call = api().post('/end');
        response = await (cookie === undefined ? call : call.set('Cookie', cookie)).expect(204);
      });
      expect(calls).toEqual([]);
      expect(sessionCookie(response!)).toMatchObject({ value: '' });
    }
  });

  it('a handler that does not call destroy() writes nothing, and the session lives on', async () => {
    const cookie = await loggedIn();
    let response: request.Response | undefined;
    const calls = await operationsOf(async () => {
      response = await api().post('/end/maybe').set('Cookie', cookie).expect(204);
    });
    expect(calls).toEqual([]);
    expect(sessionCookie(response!)).toBeUndefined();
    await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'ann' });
    const ended = await operationsOf(() =>
      api().post('/end/maybe?end=yes').set('Cookie', cookie).expect(204),
    );
    expect(ended).toEqual(['DeleteItem']);
  });

  it('a handler that also reads a value, has @UseSession() or a guard reads the session once', async () => {
    for (const route of ['/end/and-read', '/end/use-session', '/end/guarded']) {
      const cookie = await loggedIn();
      let response: request.Response | undefined;
      const calls = await operationsOf(async () => {
        response = await api().post(route).set('Cookie', cookie);
      });
      expect([route, response!.status]).toEqual([route, route === '/end/and-read' ? 200 : 204]);
      if (route === '/end/and-read') expect(response!.body).toEqual({ value: 'v' });
      expect([route, calls]).toEqual([route, ['GetItem', 'DeleteItem']]);
      expect(await getItem(t.client, t.tableName, keyOf(cookie))).toBeUndefined();
    }
  });

  it('code that reads a session made without a read fails naming the fix, and nothing is deleted', async () => {
    const cookie = await loggedIn();
    const calls = await operationsOf(() =>
      api().post('/end/read-later').set('Cookie', cookie).expect(500),
    );
    expect(calls).toEqual([]);
    expect(t.logger.lines.join('\n')).toContain('Add @UseSession() to the handler');
    expect(await getItem(t.client, t.tableName, keyOf(cookie))).toBeDefined();
    expect((await scanAllItems(t.client, t.tableName)).length).toBeGreaterThan(0);
  });
});
