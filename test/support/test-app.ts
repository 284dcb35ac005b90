import { EMPTY, Observable, interval, map, take } from 'rxjs';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Sse,
  UseGuards,
  type INestApplication,
  type LoggerService,
  type ModuleMetadata,
  type Provider,
  type Type,
  type WebSocketAdapter,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  DynamoSessionModule,
  InjectSessionRepository,
  Session,
  SessionGuard,
  SessionClock,
  SessionRepository,
  type DynamoSessionModuleOptions,
} from '../../src/index.js';
import { CountingClient, createTestTable } from './dynamodb.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  get length(): number {
    return Math.hypot(this.x, this.y);
  }
}

function nested(depth: number): unknown {
  return depth === 0 ? 'bottom' : { down: nested(depth - 1) };
}

/** Values a handler might put in a session that JSON (or DynamoDB) cannot carry as they are. */
export const HOSTILE_VALUES: Record<string, () => unknown> = {
  function: () => () => 1,
  cycle: () => {
    const node: Record<string, unknown> = { name: 'a' };
    node['self'] = node;
    return { node };
  },
  bigint: () => ({ big: BigInt(1) }),
  nan: () => [Number.NaN, Number.POSITIVE_INFINITY],
  'undefined-in-array': () => [1, undefined, 3],
  date: () => new Date('2026-01-02T03:04:05.000Z'),
  'class-instance': () => new Point(3, 4),
  'empty-key': () => ({ '': 1 }),
  'huge-number': () => ({ price: 1e200 }),
  'tiny-number': () => 1e-200,
  'deep-nesting': () => nested(40),
};

/** Small routes over the session, for integration specs. */
@Controller()
export class ProbeController {
  constructor(@InjectSessionRepository() private readonly repository: SessionRepository) {}

  /** The current user's sessions, the current one marked. */
  @Get('sessions')
  @UseGuards(SessionGuard)
  async sessions(@Session() session: Session): Promise<unknown[]> {
    const { sessions } = await this.repository.listByUser(String(session.userId));
    return sessions.map((summary) => ({ ...summary, current: summary.key === session.handle }));
  }

  /** Ends every other session of the current user. */
  @Post('logout-others')
  @HttpCode(200)
  @UseGuards(SessionGuard)
  async logoutOthers(@Session() session: Session): Promise<{ ended: number }> {
    const ended = await this.repository.destroyByUser(String(session.userId), {
      exceptKey: session.handle,
    });
    return { ended };
  }

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('data')
  data(@Session() session: Session): Record<string, unknown> {
    return { ...session };
  }

  @Get('value/:key')
  value(@Session() session: Session, @Param('key') key: string): { value: unknown } {
    return { value: session[key] ?? null };
  }

  @Put('value/:key')
  set(
    @Session() session: Session,
    @Param('key') key: string,
    @Body() body: { value: unknown },
  ): { ok: true } {
    session[key] = body.value;
    return { ok: true };
  }

  /** Merges many keys into the session at once. */
  @Put('data')
  merge(@Session() session: Session, @Body() body: Record<string, unknown>): { ok: true } {
    Object.assign(session, body);
    return { ok: true };
  }

  /** Adds one to `session.count`. */
  @Post('increment')
  @HttpCode(200)
  increment(@Session() session: Session): { count: number } {
    const count = (typeof session['count'] === 'number' ? session['count'] : 0) + 1;
    session['count'] = count;
    return { count };
  }

  /** Stores a string of `bytes` characters under `key` (made on the server, past body-size limits). */
  @Put('fill/:key')
  fill(
    @Session() session: Session,
    @Param('key') key: string,
    @Query('bytes') bytes: string,
  ): { ok: true } {
    session[key] = 'x'.repeat(Number(bytes));
    return { ok: true };
  }

  /** Calls session.touch() after waiting `ms`. */
  @Post('slow-touch')
  @HttpCode(204)
  async slowTouch(@Session() session: Session, @Query('ms') ms: string): Promise<void> {
    await sleep(Number(ms));
    session.touch();
  }

  /** Puts a value JSON cannot carry in the session, under `value` (see HOSTILE_VALUES). */
  @Put('hostile/:kind')
  hostile(@Session() session: Session, @Param('kind') kind: string): { ok: true } {
    const make = HOSTILE_VALUES[kind];
    if (make === undefined) throw new Error(`no hostile value ${kind}`);
    session['value'] = make();
    return { ok: true };
  }

  /** Logs in (regenerate + userId) after waiting `ms`: a login still in flight. */
  @Post('slow-login')
  @HttpCode(200)
  async slowLogin(
    @Session() session: Session,
    @Query('ms') ms: string,
    @Body() body: { username: string },
  ): Promise<{ ok: true }> {
    await sleep(Number(ms));
    session.logIn(body.username);
    return { ok: true };
  }

  /** An Observable result: sets `a`, emits, sets `b`, emits, completes. */
  @Get('observable')
  observable(@Session() session: Session): Observable<number> {
    return new Observable<number>((subscriber) => {
      session['a'] = 1;
      subscriber.next(1);
      setTimeout(() => {
        session['b'] = 2;
        subscriber.next(2);
        subscriber.complete();
      }, 20);
    });
  }

  /** A server-sent event stream: counts `streams` in the session, then sends three events. */
  @Sse('events')
  events(@Session() session: Session): Observable<{ data: { n: number } }> {
    session['streams'] = Number(session['streams'] ?? 0) + 1;
    return interval(5).pipe(
      take(3),
      map((n) => ({ data: { n } })),
    );
  }

  /** A login inside a server-sent event stream (which cannot set the new cookie). */
  @Sse('events/login')
  eventsLogin(@Session() session: Session): Observable<{ data: string }> {
    session.logIn('ann');
    return interval(5).pipe(
      take(1),
      map(() => ({ data: 'in' })),
    );
  }

  /** Destroys the session and returns an Observable that emits nothing. */
  @Post('destroy-empty')
  @HttpCode(204)
  destroyEmpty(@Session() session: Session): Observable<never> {
    session.destroy();
    return EMPTY;
  }

  /** Changes the session as `kind` says, then throws. */
  @Post('throw-after/:kind')
  throwAfter(@Session() session: Session, @Param('kind') kind: string): never {
    if (kind === 'login') {
      session.logIn('mallory');
    } else if (kind === 'destroy') {
      session.destroy();
    } else {
      session[kind] = true;
    }
    throw new BadRequestException('failed after changing the session');
  }

  /** Sets a key after waiting `ms`: a request still in flight while others run. */
  @Put('slow/:key')
  async slow(
    @Session() session: Session,
    @Param('key') key: string,
    @Query('ms') ms: string,
    @Body() body: { value: unknown },
  ): Promise<{ ok: true }> {
    await sleep(Number(ms));
    session[key] = body.value;
    return { ok: true };
  }

  @Delete('value/:key')
  @HttpCode(204)
  remove(@Session() session: Session, @Param('key') key: string): void {
    delete session[key];
  }

  @Post('login')
  @HttpCode(200)
  login(
    @Session() session: Session,
    @Body() body: { username: string; keepData?: boolean },
  ): { id: string } {
    session.logIn(body.username, { keepData: body.keepData ?? true });
    return { id: session.id };
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Session() session: Session): void {
    session.destroy();
  }

  /** `session.logOut()`: a new id and no identity; the data goes unless `keepData`. */
  @Post('log-out')
  @HttpCode(200)
  logOut(@Session() session: Session, @Body() body: { keepData?: boolean }): { ok: true } {
    session.logOut({ keepData: body.keepData === true });
    return { ok: true };
  }

  /** `session.regenerate()`: a new id, same identity and creation time. */
  @Post('regenerate')
  @HttpCode(200)
  regenerate(@Session() session: Session): { ok: true } {
    session.regenerate();
    return { ok: true };
  }

  /** A server-sent event stream that destroys the session and ends without an event. */
  @Sse('events/destroy')
  eventsDestroy(@Session() session: Session): Observable<{ data: string }> {
    session.destroy();
    return EMPTY;
  }

  @Post('touch')
  @HttpCode(204)
  touch(@Session() session: Session): void {
    session.touch();
  }

  @Get('me')
  @UseGuards(SessionGuard)
  me(@Session('userId') userId: string): { userId: string } {
    return { userId };
  }

  @Get('guarded-only')
  @UseGuards(SessionGuard)
  guardedOnly(): { ok: true } {
    return { ok: true };
  }
}

/** A logger that keeps every line, to check what the library logs (and never logs). */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, ...rest: unknown[]): void {
    this.lines.push(['log', message, ...rest].map(String).join(' '));
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.lines.push(['error', message, ...rest].map(String).join(' '));
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.lines.push(['warn', message, ...rest].map(String).join(' '));
  }
}

/** The HTTP platforms every e2e case runs on. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface TestAppSetup {
  platform?: Platform;
  httpsOptions?: { key: string; cert: string };
  trustProxy?: boolean;
  /** The clock the module reads instead of the real time (overrides the SessionClock provider). */
  clock?: SessionClock;
  /** More modules and providers of the app (e.g. GraphQLModule and its resolvers). */
  imports?: NonNullable<ModuleMetadata['imports']>;
  providers?: Provider[];
  /** The WebSocket adapter of the app (Nest's default: socket.io, when installed). */
  webSocketAdapter?: (app: INestApplication) => WebSocketAdapter;
}

/** Creates and initialises the app on the chosen platform (Express by default). */
async function startApp(
  moduleRef: TestingModule,
  logger: LoggerService,
  setup: TestAppSetup,
): Promise<INestApplication> {
  if (setup.platform === 'fastify') {
    const adapter = setup.httpsOptions
      ? new FastifyAdapter({ trustProxy: setup.trustProxy === true, https: setup.httpsOptions })
      : new FastifyAdapter({ trustProxy: setup.trustProxy === true });
    const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { logger });
    if (setup.webSocketAdapter !== undefined) app.useWebSocketAdapter(setup.webSocketAdapter(app));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app;
  }
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    logger,
    httpsOptions: setup.httpsOptions,
  });
  if (setup.trustProxy === true) app.set('trust proxy', true);
  if (setup.webSocketAdapter !== undefined) app.useWebSocketAdapter(setup.webSocketAdapter(app));
  await app.init();
  return app;
}

export interface TestApp {
  readonly app: INestApplication;
  readonly logger: RecordingLogger;
  readonly client: CountingClient;
  readonly tableName: string;
  close(): Promise<void>;
}

/**
 * Boots a Nest app with DynamoSessionModule.forRoot on a fresh table of DynamoDB Local. The app uses
 * the recording `client` unless `options` name a client or an endpoint of their own.
 */
export async function createTestApp(
  options: Partial<DynamoSessionModuleOptions> = {},
  controllers: Type[] = [ProbeController],
  setup: TestAppSetup = {},
): Promise<TestApp> {
  const client = new CountingClient();
  const tableName = await createTestTable(client);
  const builder = Test.createTestingModule({
    imports: [
      DynamoSessionModule.forRoot({
        secret: TEST_SECRET,
        tableName,
        // With an endpoint the module builds its own client (timeouts, retries); else it records calls.
        ...(options.endpoint === undefined ? { client } : {}),
        ...options,
      }),
      ...(setup.imports ?? []),
    ],
    controllers,
    providers: setup.providers ?? [],
  });
  if (setup.clock !== undefined) builder.overrideProvider(SessionClock).useValue(setup.clock);
  const moduleRef = await builder.compile();
  const logger = new RecordingLogger();
  const app = await startApp(moduleRef, logger, setup);
  client.reset();
  return {
    app,
    logger,
    client,
    tableName,
    close: async () => {
      await app.close();
      client.destroy();
    },
  };
}

/**
 * Apps one spec boots on `platform` and closes together (`closeAll`, after each test). An app started
 * `on` another shares its table and client: read the raw items through the first one.
 */
export function testAppPool(platform: Platform) {
  const apps: TestApp[] = [];
  return {
    async start(options: Partial<DynamoSessionModuleOptions> = {}, on?: TestApp): Promise<TestApp> {
      const shared = on === undefined ? {} : { tableName: on.tableName, client: on.client };
      const t = await createTestApp({ ...options, ...shared }, undefined, { platform });
      apps.push(t);
      return t;
    },
    async closeAll(): Promise<void> {
      await Promise.all(apps.splice(0).map((t) => t.close()));
    },
  };
}
