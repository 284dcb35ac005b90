import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Injectable,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type INestApplication,
  type NestInterceptor,
} from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import {
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
} from '@nestjs/websockets';
import { map, type Observable } from 'rxjs';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import WebSocket from 'ws';
import {
  RequireRecentLogin,
  Session,
  SessionGuard,
  UseSession,
  type DynamoSessionModuleOptions,
} from '../src/index.js';
import { DynamoSessionWebSocketModule, keepUpgradeRequest } from '../src/websocket/index.js';
import { cookieHeaderFrom, cookieFor } from './support/cookies.js';
import { localEndpoint, scanTable } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { ask, connectSocketIo } from './support/socket-io-client.js';
import {
  createTestApp,
  PLATFORMS,
  TEST_SECRET,
  type TestApp,
  type TestAppSetup,
} from './support/test-app.js';

/** Answers `{ handler, interceptor }`: the handler's answer, and the kinds of the arguments it saw. */
@Injectable()
class ArgumentKinds implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const interceptor = context.getArgs<unknown[]>().map(kindOf);
    return next.handle().pipe(map((handler) => ({ handler, interceptor })));
  }
}

/** The messages both gateways serve, over the session of the socket's handshake cookie. */
class SessionMessages {
  @SubscribeMessage('whoami')
  whoami(@Session() session: Session): { userId: string | null } {
    return { userId: session.userId ?? null };
  }

  @SubscribeMessage('get')
  get(@Session() session: Session, @MessageBody() body: { key: string }): { value: unknown } {
    return { value: session[body.key] ?? null };
  }

  @SubscribeMessage('set')
  set(
    @Session() session: Session,
    @MessageBody() body: { key: string; value: unknown },
  ): { ok: true } {
    session[body.key] = body.value;
    return { ok: true };
  }

  @SubscribeMessage('login')
  login(@Session() session: Session, @MessageBody() body: { username: string }): { ok: true } {
    session.logIn(body.username);
    return { ok: true };
  }

  @SubscribeMessage('logout')
  logout(@Session() session: Session): { ok: true } {
    session.destroy();
    return { ok: true };
  }

  @SubscribeMessage('secret')
  @UseGuards(SessionGuard)
  secret(): { secret: string } {
    return { secret: 'only for the logged in' };
  }

  /** Behind `@RequireRecentLogin()`, its seconds read on each message from {@link recentLogin}. */
  @SubscribeMessage('sensitive')
  @RequireRecentLogin(() => recentLogin.seconds)
  sensitive(): { sensitive: true } {
    return { sensitive: true };
  }

  /**
   * The kinds of the arguments a handler without parameter decorators is called with, and of those
   * an interceptor of its own (after the session's) sees.
   */
  @SubscribeMessage('arguments')
  @UseInterceptors(ArgumentKinds)
  plainArguments(...args: unknown[]): string[] {
    return args.map(kindOf);
  }

  @SubscribeMessage('arguments-with-session')
  @UseSession()
  @UseInterceptors(ArgumentKinds)
  argumentsWithSession(...args: unknown[]): string[] {
    return args.map(kindOf);
  }

  @SubscribeMessage('arguments-guarded')
  @UseGuards(SessionGuard)
  @UseInterceptors(ArgumentKinds)
  argumentsGuarded(...args: unknown[]): string[] {
    return args.map(kindOf);
  }
}

/** `value`'s class name, or its type for a primitive. */
function kindOf(value: unknown): string {
  return typeof value === 'object' && value !== null ? value.constructor.name : typeof value;
}

/** How recent a login the `sensitive` message wants, in seconds (a spec sets it). */
const recentLogin = { seconds: 300 };

@WebSocketGateway({ namespace: '/live' })
class SocketIoGateway extends SessionMessages {}

@WebSocketGateway({ path: '/ws' })
class WsGateway extends SessionMessages implements OnGatewayConnection {
  handleConnection(client: WebSocket, upgrade: IncomingMessage): void {
    keepUpgradeRequest(client, upgrade);
  }
}

/** A platform-ws gateway that forgets to keep its clients' upgrade requests. */
@WebSocketGateway({ path: '/forgetful' })
class ForgetfulWsGateway extends SessionMessages {}

/** Listens on a free port of 127.0.0.1; answers its base URL. */
async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * A plain WebSocket client of `url` whose upgrade request carries `cookie` (or, given an object, those
 * headers), and the next JSON frame it receives.
 */
async function wsClient(
  url: string,
  cookie: string | Record<string, string>,
): Promise<{ ws: WebSocket; next: () => Promise<unknown> }> {
  const headers = typeof cookie === 'string' ? { cookie } : cookie;
  const ws = new WebSocket(url, { headers });
  const frames: unknown[] = [];
  const waiting: Array<() => void> = [];
  ws.on('message', (data: Buffer) => {
    frames.push(JSON.parse(data.toString()));
    waiting.splice(0).forEach((wake) => wake());
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = async (): Promise<unknown> => {
    while (frames.length === 0) await new Promise<void>((wake) => waiting.push(wake));
    return frames.shift();
  };
  return { ws, next };
}

describe.each(PLATFORMS)('WebSocket gateways (%s)', (platform) => {
  let t: TestApp;
  let base: string;
  const sockets: Socket[] = [];
  const api = () => request(t.app.getHttpServer());

  async function start(
    options: Partial<DynamoSessionModuleOptions> = {},
    setup: TestAppSetup = {},
  ): Promise<void> {
    t = await createTestApp(options, undefined, {
      platform,
      imports: [DynamoSessionWebSocketModule],
      providers: [SocketIoGateway],
      ...setup,
    });
    base = await listen(t.app);
  }

  /** A connected socket.io client of `/live`, sending `cookie` (and `auth`) in its handshake. */
  async function connect(cookie?: string, auth?: Record<string, unknown>): Promise<Socket> {
    const socket = await connectSocketIo(`${base}/live`, cookie, auth);
    sockets.push(socket);
    return socket;
  }

  async function loggedIn(username = 'ann'): Promise<string> {
    return cookieHeaderFrom(await api().post('/login').send({ username }).expect(200));
  }

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await t?.close();
  });

  it('reads the session of the handshake cookie; a logout over HTTP is seen by the next message', async () => {
    await start();
    const cookie = await loggedIn();
    const socket = await connect(cookie);
    expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: 'ann' } });
    await api().post('/logout').set('Cookie', cookie).expect(204);
    expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: null } });
  });

  /** Logs `username` in as a header client; its session token. */
  async function tokenLogin(username: string): Promise<string> {
    const response = await api()
      .post('/login')
      .set('X-Session-Token', '')
      .send({ username })
      .expect(200);
    return response.headers['x-session-token'] as string;
  }

  it("a header client's token opens socket.io (auth.sessionToken, before the cookie), saved and shared with HTTP", async () => {
    await start();
    const token = await tokenLogin('tia');
    const socket = await connect(undefined, { sessionToken: token });
    expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: 'tia' } });
    expect(await ask(socket, 'set', { key: 'k', value: 1 })).toEqual({ ack: { ok: true } });
    await api().get('/value/k').set('X-Session-Token', token).expect(200, { value: 1 });
    const both = await connect(await loggedIn('ann'), { sessionToken: token });
    expect(await ask(both, 'whoami')).toEqual({ ack: { userId: 'tia' } });
    // An empty token asks for a new session, which no message can store: the cookie is not read.
    const fresh = await connect(await loggedIn('ann'), { sessionToken: '' });
    expect(await ask(fresh, 'whoami')).toEqual({ ack: { userId: null } });
    await api().post('/logout').set('X-Session-Token', token).expect(204);
    expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: null } });
  });

  it('saves what a message changed before its acknowledgement, shared with HTTP', async () => {
    await start();
    const cookie = await loggedIn();
    const socket = await connect(cookie);
    expect(await ask(socket, 'set', { key: 'colour', value: 'teal' })).toEqual({
      ack: { ok: true },
    });
    // The ack came after the save: HTTP reads it at once.
    await api().get('/value/colour').set('Cookie', cookie).expect(200, { value: 'teal' });
    await api().put('/value/size').set('Cookie', cookie).send({ value: 9 }).expect(200);
    expect(await ask(socket, 'get', { key: 'size' })).toEqual({ ack: { value: 9 } });
  });

  it('20 sockets of one session setting different keys in parallel lose nothing', async () => {
    await start();
    const cookie = await loggedIn();
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect(cookie)));
    const answers = await Promise.all(
      clients.map((socket, i) => ask(socket, 'set', { key: `k${i}`, value: i })),
    );
    expect(answers).toEqual(clients.map(() => ({ ack: { ok: true } })));
    const expected = Object.fromEntries(clients.map((_, i) => [`k${i}`, i]));
    await api().get('/data').set('Cookie', cookie).expect(200, expected);
  });

  it('no cookie can be set over an open socket: a new session or a login stores nothing and says so', async () => {
    await start();
    const guest = await connect();
    const answer = await ask(guest, 'set', { key: 'k', value: 1 });
    expect(answer).toEqual({
      exception: expect.objectContaining({
        code: 'SESSION_NOT_STORED',
        message: expect.stringContaining('no cookie can be set over an open socket'),
      }),
    });
    expect(await scanTable(t.client, t.tableName)).toEqual([]);
    const cookie = cookieHeaderFrom(await api().put('/value/k').send({ value: 'v' }).expect(200));
    const socket = await connect(cookie);
    expect(await ask(socket, 'login', { username: 'mallory' })).toEqual({
      exception: expect.objectContaining({ code: 'SESSION_NOT_STORED' }),
    });
    // The session the client holds is kept as it was, and the socket goes on.
    await api().get('/data').set('Cookie', cookie).expect(200, { k: 'v' });
    expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: null } });
    // Ending the session needs no cookie: the item is deleted.
    expect(await ask(socket, 'logout')).toEqual({ ack: { ok: true } });
    expect(await scanTable(t.client, t.tableName)).toEqual([]);
    await api().get('/data').set('Cookie', cookie).expect(200, {});
  });

  it('SessionGuard: the client receives UNAUTHENTICATED and the socket stays usable', async () => {
    await start();
    const guest = await connect();
    expect(await ask(guest, 'secret')).toEqual({
      exception: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    });
    expect(await ask(guest, 'whoami')).toEqual({ ack: { userId: null } });
    const socket = await connect(await loggedIn());
    expect(await ask(socket, 'secret')).toEqual({ ack: { secret: 'only for the logged in' } });
  });

  it('RequireRecentLogin: a login older than its seconds gets REAUTHENTICATION_REQUIRED, a guest UNAUTHENTICATED', async () => {
    await start();
    const guest = await connect();
    expect(await ask(guest, 'sensitive')).toEqual({
      exception: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
    });
    const socket = await connect(await loggedIn());
    expect(await ask(socket, 'sensitive')).toEqual({ ack: { sensitive: true } });
    recentLogin.seconds = 0.01;
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await ask(socket, 'sensitive')).toEqual({
        exception: expect.objectContaining({ status: 'error', code: 'REAUTHENTICATION_REQUIRED' }),
      });
    } finally {
      recentLogin.seconds = 300;
    }
    expect(await ask(socket, 'sensitive')).toEqual({ ack: { sensitive: true } });
  });

  it('a handler without parameter decorators, and the interceptors after the session, get the arguments socket.io gives, session or not', async () => {
    await start();
    const socket = await connect(await loggedIn());
    const plain = await ask(socket, 'arguments');
    expect(plain).toEqual({
      ack: {
        handler: ['Socket', 'Object', 'function'],
        interceptor: ['Socket', 'Object', 'function', 'string'],
      },
    });
    expect(await ask(socket, 'arguments-with-session')).toEqual(plain);
    expect(await ask(socket, 'arguments-guarded')).toEqual(plain);
  });

  it('without DynamoSessionWebSocketModule, a gateway that uses the session fails naming it', async () => {
    await start({}, { imports: [] });
    const socket = await connect(await loggedIn());
    for (const event of ['whoami', 'secret']) {
      expect(await ask(socket, event)).toEqual({
        exception: expect.objectContaining({ status: 'error' }),
      });
    }
    const logged = t.logger.lines.join('\n');
    expect(logged).toContain('The session was not loaded for this route');
    expect(logged).toContain('The session is not available in a "ws" context');
    expect(logged).toContain('DynamoSessionWebSocketModule');
  });

  describe('through the fault proxy', () => {
    let proxy: FaultProxy;
    beforeEach(async () => {
      proxy = await FaultProxy.start(localEndpoint());
    });
    afterEach(async () => {
      await proxy.close();
    });
    const behind = () => ({
      endpoint: proxy.endpoint,
      region: 'us-east-1',
      requestTimeout: 3_000,
      maxAttempts: 2,
    });

    it('a hostile handshake cookie costs no DynamoDB call', async () => {
      await start(behind());
      const forged = `sid=s:${'A'.repeat(43)}.${'b'.repeat(43)}`;
      const unsigned = `sid=${'x'.repeat(4000)}`;
      const wrongSecret = cookieFor('a'.repeat(43), `${TEST_SECRET}-not-ours`);
      const before = proxy.count();
      for (const cookie of [forged, unsigned, wrongSecret, 'sid=; sid=s:.', '%%%=;;']) {
        const socket = await connect(cookie);
        expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: null } });
        expect(await ask(socket, 'secret')).toEqual({
          exception: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        });
      }
      expect(proxy.count()).toBe(before);
    });

    it('a forged, malformed or non-text session token costs no DynamoDB call', async () => {
      await start(behind());
      const forged = cookieFor('a'.repeat(43), `${TEST_SECRET}-not-ours`).slice('sid='.length);
      const before = proxy.count();
      for (const sessionToken of [decodeURIComponent(forged), 'x'.repeat(4000), 42, { id: 1 }]) {
        const socket = await connect(undefined, { sessionToken });
        expect(await ask(socket, 'secret')).toEqual({
          exception: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
        });
      }
      expect(proxy.count()).toBe(before);
    });

    it('a store outage: the client receives SESSION_STORE_UNAVAILABLE, no hang, and recovers', async () => {
      await start(behind());
      const cookie = await loggedIn();
      const socket = await connect(cookie);
      await proxy.refuse();
      expect(await ask(socket, 'whoami')).toEqual({
        exception: expect.objectContaining({ code: 'SESSION_STORE_UNAVAILABLE' }),
      });
      expect(await ask(socket, 'secret')).toEqual({
        exception: expect.objectContaining({ code: 'SESSION_STORE_UNAVAILABLE' }),
      });
      await proxy.restore();
      expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: 'ann' } });
    });

    it("reads each message's session consistently with consistentRead 'auto': its cookie's mark cannot follow the socket's writes", async () => {
      await start(behind());
      const socket = await connect(await loggedIn());
      proxy.staleReads = 'missing';
      proxy.getItems.splice(0);
      expect(await ask(socket, 'whoami')).toEqual({ ack: { userId: 'ann' } });
      expect(proxy.getItems.map((get) => get.consistent)).toEqual([true]);
    });
  });

  it('a plain WebSocket gateway (@nestjs/platform-ws) reads the session of its upgrade request', async () => {
    await start({}, { providers: [WsGateway], webSocketAdapter: (app) => new WsAdapter(app) });
    const cookie = await loggedIn();
    const { ws, next } = await wsClient(`${base.replace('http', 'ws')}/ws`, cookie);
    try {
      ws.send(JSON.stringify({ event: 'whoami', data: {} }));
      expect(await next()).toEqual({ userId: 'ann' });
      ws.send(JSON.stringify({ event: 'set', data: { key: 'via', value: 'ws' } }));
      expect(await next()).toEqual({ ok: true });
      await api().get('/value/via').set('Cookie', cookie).expect(200, { value: 'ws' });
      await api().post('/logout').set('Cookie', cookie).expect(204);
      ws.send(JSON.stringify({ event: 'secret', data: {} }));
      expect(await next()).toEqual({
        event: 'exception',
        data: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      });
      ws.send(JSON.stringify({ event: 'whoami', data: {} }));
      expect(await next()).toEqual({ userId: null });
      // A handler without parameter decorators, and the interceptors after the session's, get the
      // arguments ws gives, session or not.
      ws.send(JSON.stringify({ event: 'arguments', data: {} }));
      const plain = await next();
      expect(plain).toEqual({
        handler: ['WebSocket', 'Object', 'undefined'],
        interceptor: ['WebSocket', 'Object', 'string', 'string'],
      });
      ws.send(JSON.stringify({ event: 'arguments-with-session', data: {} }));
      expect(await next()).toEqual(plain);
    } finally {
      ws.close();
    }
  });

  it("a plain WebSocket gateway reads a header client's session from the upgrade request's X-Session-Token", async () => {
    await start({}, { providers: [WsGateway], webSocketAdapter: (app) => new WsAdapter(app) });
    const token = await tokenLogin('uma');
    const url = `${base.replace('http', 'ws')}/ws`;
    const { ws, next } = await wsClient(url, {
      'x-session-token': token,
      cookie: await loggedIn(),
    });
    try {
      ws.send(JSON.stringify({ event: 'whoami', data: {} }));
      expect(await next()).toEqual({ userId: 'uma' });
      ws.send(JSON.stringify({ event: 'set', data: { key: 'via', value: 'ws' } }));
      expect(await next()).toEqual({ ok: true });
      await api().get('/value/via').set('X-Session-Token', token).expect(200, { value: 'ws' });
    } finally {
      ws.close();
    }
  });

  it('a platform-ws gateway that did not keep the upgrade request fails naming the fix', async () => {
    await start(
      {},
      { providers: [ForgetfulWsGateway], webSocketAdapter: (app) => new WsAdapter(app) },
    );
    const { ws, next } = await wsClient(
      `${base.replace('http', 'ws')}/forgetful`,
      await loggedIn(),
    );
    try {
      ws.send(JSON.stringify({ event: 'whoami', data: {} }));
      expect(await next()).toEqual({
        event: 'exception',
        data: expect.objectContaining({ status: 'error' }),
      });
      expect(t.logger.lines.join('\n')).toContain('call keepUpgradeRequest(client, request)');
    } finally {
      ws.close();
    }
  });
});
