import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  DynamoSessionModule,
  InvalidSessionCursorError,
  SessionClock,
  SessionRepository,
  DynamoSessionError,
  SessionStoreUnavailableError,
  SessionTooLargeError,
  type DynamoSessionModuleOptions,
  type SessionEvent,
  type SessionTimes,
} from '../src/index.js';
import { sessionKey } from '../src/session/session-id.js';
import {
  createSessionCookie,
  DynamoSessionTestingModule,
  TestClock,
} from '../src/testing/index.js';
import { cookieHeaderFrom, sessionIdFrom } from './support/cookies.js';
import { CountingClient, createTestTable } from './support/dynamodb.js';
import { ProbeController, TEST_SECRET } from './support/test-app.js';
import { DEVICES, USER_AGENTS } from './support/user-agents.js';

/** Far from the real time: a time read from Date.now() instead of the clock shows. */
const START = Date.parse('2031-03-04T05:06:07.000Z');
const IDLE = 600;
const ABSOLUTE = 3600;
const TOUCH_AFTER = 60;
/**
 * The size DynamoDB counts for the item of the size-limit case, with a value of 1000 characters (its
 * exact end, `expiresAtMs`, and its two seals included).
 */
const SIZE_OF_1000 = 1252;

type Options = Partial<DynamoSessionModuleOptions>;

/** A kind of store: the module that keeps sessions in it, for `options`. */
interface Store {
  readonly name: string;
  setup(): Promise<void>;
  teardown(): void;
  module(options: Options): ReturnType<typeof DynamoSessionModule.forRoot>;
}

let client: CountingClient | undefined;
let tableName = '';

const STORES: Store[] = [
  {
    name: 'DynamoSessionRepository on DynamoDB Local',
    async setup() {
      client = new CountingClient();
      tableName = await createTestTable(client, 'contract');
    },
    teardown: () => client?.destroy(),
    module: (options) =>
      DynamoSessionModule.forRoot({ secret: TEST_SECRET, tableName, client, ...options }),
  },
  {
    name: 'InMemorySessionRepository (nestjs-dynamodb-session/testing)',
    setup: async () => undefined,
    teardown: () => undefined,
    module: (options) => DynamoSessionTestingModule.forRoot({ secret: TEST_SECRET, ...options }),
  },
];

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

/** A table key as the module makes them (the SHA-256 of a fresh id). */
const newKey = (): string => sessionKey(randomBytes(32).toString('base64url'));

describe.each(STORES)('the SessionRepository contract: $name', (store) => {
  let app: INestApplication;
  let repository: SessionRepository;
  const clock = new TestClock();
  const api = () => request(app.getHttpServer());
  const keyOf = (cookie: string): string => sessionKey(sessionIdFrom(cookie, TEST_SECRET));

  /** Times of a write at `touchedAt` of a session created at `createdAt` (both default to now). */
  const times = (createdAt = clock.now(), touchedAt = createdAt): SessionTimes => ({
    createdAt,
    touchedAt,
    expiresAt: Math.min(touchedAt + IDLE * 1000, createdAt + ABSOLUTE * 1000),
  });

  /** Boots the store's module with `options` (an app with the probe routes, reading `clock`). */
  async function open(options: Options = {}): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        store.module({
          idleTimeout: IDLE,
          absoluteTimeout: ABSOLUTE,
          touchAfter: TOUCH_AFTER,
          ...options,
        }),
      ],
      controllers: [ProbeController],
    })
      .overrideProvider(SessionClock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    repository = app.get<symbol, SessionRepository>(SessionRepository);
  }

  beforeAll(() => store.setup());
  afterAll(() => store.teardown());
  beforeEach(async () => {
    clock.set(START);
    await open();
  });
  afterEach(() => app.close());

  describe('the repository', () => {
    it('create, then get: the data, the times and the details as stored', async () => {
      const key = newKey();
      const written = times();
      const data = { cart: ['apple'], count: 2, deep: { a: { b: true } }, none: null };
      const details = { userId: 'ann', userAgent: 'Firefox', clientIp: '203.0.113.7' };
      await repository.create(key, data, written, details);
      await expect(repository.get(key)).resolves.toEqual({
        key,
        data,
        createdAt: START,
        touchedAt: START,
        expiresAt: START + IDLE * 1000,
        userId: 'ann',
        userAgent: 'Firefox',
        clientIp: '203.0.113.7',
        // Its seal (identity and creation) verified.
        sealed: true,
      });
      await expect(repository.get(newKey())).resolves.toBeUndefined();
    });

    it('values come back as DynamoDB round-trips them: undefined left out, a fresh copy each read', async () => {
      const key = newKey();
      await repository.create(
        key,
        { list: [1, undefined, 2], map: { gone: undefined, kept: 'x' } },
        times(),
      );
      const first = await repository.get(key);
      expect(first?.data).toEqual({ list: [1, 2], map: { kept: 'x' } });
      (first?.data['map'] as Record<string, unknown>)['kept'] = 'changed';
      expect((await repository.get(key))?.data).toEqual({ list: [1, 2], map: { kept: 'x' } });
    });

    it('a Date or a class instance given to the repository is refused as DynamoDB refuses it', async () => {
      for (const value of [new Date(START), new Point(3, 4)]) {
        const key = newKey();
        await expect(repository.create(key, { value }, times())).rejects.toBeInstanceOf(
          DynamoSessionError,
        );
        await expect(repository.create(key, { value }, times())).rejects.toMatchObject({
          code: expect.stringMatching(/^SESSION_STORE_(UNAVAILABLE|REJECTED)$/),
        });
        await expect(repository.get(key)).resolves.toBeUndefined();
      }
    });

    it('through the value codec (compression), a Date comes back as its JSON', async () => {
      await app.close();
      await open({ compression: { threshold: 8 } });
      const key = newKey();
      await repository.create(key, { when: new Date(START), point: new Point(3, 4) }, times());
      expect((await repository.get(key))?.data).toEqual({
        when: new Date(START).toISOString(),
        point: { x: 3, y: 4 },
      });
    });

    it('create never overwrites a stored session', async () => {
      const key = newKey();
      await repository.create(key, { a: 1 }, times());
      const error = await repository.create(key, { a: 2 }, times()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionStoreUnavailableError);
      expect((error as SessionStoreUnavailableError).awsErrorName).toBe(
        'ConditionalCheckFailedException',
      );
      expect((await repository.get(key))?.data).toEqual({ a: 1 });
    });

    it('get leaves out a session past its expiry by the clock (TTL deletion lags)', async () => {
      const key = newKey();
      await repository.create(key, { a: 1 }, times());
      clock.advance(IDLE * 1000 - 1000);
      await expect(repository.get(key)).resolves.toMatchObject({ data: { a: 1 } });
      clock.advance(1000);
      await expect(repository.get(key)).resolves.toBeUndefined();
    });

    it('withEnded: a session past its end is answered marked ended, without its data, only when asked', async () => {
      const key = newKey();
      await repository.create(key, { cart: ['apple'] }, times(), { userId: 'eve' });
      await expect(repository.get(key, { withEnded: true })).resolves.not.toHaveProperty('ended');
      clock.advance(IDLE * 1000);
      await expect(repository.get(key)).resolves.toBeUndefined();
      const ended = await repository.get(key, { withEnded: true });
      expect(ended).toMatchObject({ key, userId: 'eve', ended: true, data: {} });
    });

    it('update sets and removes single keys: what another request wrote meanwhile stays', async () => {
      const key = newKey();
      await repository.create(key, { a: 1, b: 2, c: 3 }, times());
      clock.advance(1000);
      // Two requests loaded { a, b, c }: one sets a, the other removes c and sets d.
      const later = times(START, clock.now());
      const first = { set: { a: 10 }, remove: [], data: { a: 10, b: 2, c: 3 } };
      const second = { set: { d: 4 }, remove: ['c'], data: { a: 1, b: 2, d: 4 } };
      await expect(repository.update(key, first, later)).resolves.toBe(true);
      await expect(repository.update(key, second, later)).resolves.toBe(true);
      await expect(repository.get(key)).resolves.toMatchObject({
        data: { a: 10, b: 2, d: 4 },
        touchedAt: START + 1000,
        expiresAt: START + 1000 + IDLE * 1000,
      });
    });

    it('an update with no changes is a touch: it moves the expiry, nothing else', async () => {
      const key = newKey();
      await repository.create(key, { a: 1 }, times(), { userId: 'ann' });
      clock.advance(120_000);
      const touch = { set: {}, remove: [], data: { a: 1 } };
      await expect(repository.update(key, touch, times(START, clock.now()))).resolves.toBe(true);
      await expect(repository.get(key)).resolves.toEqual({
        key,
        data: { a: 1 },
        createdAt: START,
        touchedAt: START + 120_000,
        expiresAt: START + 120_000 + IDLE * 1000,
        userId: 'ann',
        sealed: true,
      });
    });

    it('update never brings back a session that was deleted or went past its idle timeout', async () => {
      const change = { set: { a: 2 }, remove: [], data: { a: 2 } };
      const deleted = newKey();
      await repository.create(deleted, { a: 1 }, times());
      await repository.delete(deleted);
      await repository.delete(deleted); // deleting a missing session is no error
      await expect(repository.update(deleted, change, times())).resolves.toBe(false);
      await expect(repository.get(deleted)).resolves.toBeUndefined();

      const idle = newKey();
      await repository.create(idle, { a: 1 }, times());
      clock.advance(IDLE * 1000);
      await expect(repository.update(idle, change, times(START, clock.now()))).resolves.toBe(false);
      clock.set(START);
      await expect(repository.get(idle)).resolves.toMatchObject({ data: { a: 1 } });
    });

    it('the timeouts in force decide, whatever expiry an item was written with (longer timeouts before)', async () => {
      const change = { set: { a: 2 }, remove: [], data: { a: 2 } };
      // Written while the timeouts were a day: its TTL attribute is still a day ahead.
      const written = { createdAt: START, touchedAt: START, expiresAt: START + 86_400_000 };
      const idle = newKey();
      await repository.create(idle, { a: 1 }, written);
      clock.advance(IDLE * 1000);
      await expect(repository.update(idle, change, times(START, clock.now()))).resolves.toBe(false);
      await expect(repository.replace(idle, newKey(), {}, times())).resolves.toBe(false);

      const old = newKey();
      clock.set(START);
      await repository.create(old, { a: 1 }, written);
      const touch = { set: {}, remove: [], data: { a: 1 } };
      const at = (now: number) => ({ ...written, touchedAt: now });
      for (let elapsed = 0; elapsed + IDLE - 10 < ABSOLUTE; elapsed += IDLE - 10) {
        clock.advance((IDLE - 10) * 1000);
        await expect(repository.update(old, touch, at(clock.now()))).resolves.toBe(true);
      }
      clock.set(START + ABSOLUTE * 1000);
      await expect(repository.update(old, touch, at(clock.now()))).resolves.toBe(false);
      // Still stored (a read checks only the TTL attribute; the session manager checks the timeouts).
      await expect(repository.get(old)).resolves.toMatchObject({ data: { a: 1 } });
    });

    it('update never extends a session past its absolute timeout, however often it is touched', async () => {
      const key = newKey();
      await repository.create(key, { a: 1 }, times());
      const touch = { set: {}, remove: [], data: { a: 1 } };
      for (let elapsed = 0; elapsed + IDLE - 10 < ABSOLUTE; elapsed += IDLE - 10) {
        clock.advance((IDLE - 10) * 1000);
        await expect(repository.update(key, touch, times(START, clock.now()))).resolves.toBe(true);
      }
      clock.set(START + ABSOLUTE * 1000);
      await expect(repository.update(key, touch, times(START, clock.now()))).resolves.toBe(false);
    });

    it('replace moves a session to a new key, only while the old one is live and unchanged', async () => {
      const old = newKey();
      const written = times();
      await repository.create(old, { a: 1 }, written, { userId: 'ann' });
      clock.advance(1000);
      const moved = newKey();
      const details = { userId: 'ann', previousTouchedAt: written.touchedAt };
      await expect(
        repository.replace(old, moved, { a: 1 }, times(START, clock.now()), details),
      ).resolves.toBe(true);
      await expect(repository.get(old)).resolves.toBeUndefined();
      await expect(repository.get(moved)).resolves.toMatchObject({ data: { a: 1 }, userId: 'ann' });

      // The old one is gone: a second replace (a login racing a logout) writes nothing.
      const again = newKey();
      await expect(
        repository.replace(old, again, { a: 1 }, times(), { previousTouchedAt: written.touchedAt }),
      ).resolves.toBe(false);
      await expect(repository.get(again)).resolves.toBeUndefined();

      // Written since it was read (touchedAt moved): the replace would drop that write.
      const touch = { set: { b: 2 }, remove: [], data: { a: 1, b: 2 } };
      await repository.update(moved, touch, times(START, clock.now() + 500));
      const stale = newKey();
      await expect(
        repository.replace(moved, stale, { a: 1 }, times(), { previousTouchedAt: clock.now() }),
      ).resolves.toBe(false);
      await expect(repository.get(stale)).resolves.toBeUndefined();
      await expect(repository.get(moved)).resolves.toMatchObject({ data: { a: 1, b: 2 } });

      // Expired: no regenerate brings it back.
      clock.advance(IDLE * 1000 + 1000);
      const late = newKey();
      await expect(repository.replace(moved, late, { a: 1 }, times())).resolves.toBe(false);
      await expect(repository.get(late)).resolves.toBeUndefined();
    });

    it('listByUser: the live sessions of the user, newest first, in pages with a cursor', async () => {
      const user = `user-${newKey()}`;
      // An expired one, created first, stays in the index until TTL deletes it: never listed.
      await repository.create(newKey(), {}, times(START - IDLE * 1000 - 1000), { userId: user });
      const keys: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const key = newKey();
        keys.unshift(key);
        await repository.create(key, { i }, times(START + i * 1000), {
          userId: user,
          userAgent: `ua${i}`,
        });
      }
      await repository.create(newKey(), {}, times(), { userId: `other-${user}` });
      clock.advance(10_000);

      const first = await repository.listByUser(user, { limit: 2 });
      expect(first.sessions).toEqual([
        {
          key: keys[0],
          createdAt: START + 4000,
          touchedAt: START + 4000,
          expiresAt: START + 4000 + IDLE * 1000,
          userAgent: 'ua4',
          device: { type: 'unknown' },
        },
        {
          key: keys[1],
          createdAt: START + 3000,
          touchedAt: START + 3000,
          expiresAt: START + 3000 + IDLE * 1000,
          userAgent: 'ua3',
          device: { type: 'unknown' },
        },
      ]);
      expect(first.cursor).toEqual(expect.any(String));
      const second = await repository.listByUser(user, { limit: 2, cursor: first.cursor });
      expect(second.sessions.map((s) => s.key)).toEqual(keys.slice(2, 4));
      const third = await repository.listByUser(user, { limit: 2, cursor: second.cursor });
      expect(third).toEqual({ sessions: [expect.objectContaining({ key: keys[4] })] });
      const all = await repository.listByUser(user);
      expect(all).toEqual({ sessions: expect.any(Array) });
      expect(all.sessions.map((s) => s.key)).toEqual(keys);
      await expect(repository.listByUser(`nobody-${user}`)).resolves.toEqual({ sessions: [] });
    });

    it("listByUser: each session's device, parsed from its User-Agent, and its IP; none without them", async () => {
      const user = `user-${newKey()}`;
      const names = ['windowsChrome', 'iPhone', 'iPad', 'androidFirefox', 'curl'] as const;
      for (const [i, name] of names.entries()) {
        await repository.create(newKey(), {}, times(START + i), {
          userId: user,
          userAgent: USER_AGENTS[name],
          clientIp: `198.51.100.${i}`,
        });
      }
      await repository.create(newKey(), {}, times(START + 10), { userId: user });
      const { sessions } = await repository.listByUser(user);
      expect(sessions.map(({ device, ip }) => ({ device, ip }))).toEqual([
        { device: { type: 'unknown' }, ip: undefined },
        ...names.map((name, i) => ({ device: DEVICES[name], ip: `198.51.100.${i}` })).reverse(),
      ]);
      expect(sessions[0]).not.toHaveProperty('ip');
      expect(sessions[1]?.userAgent).toBe(USER_AGENTS.curl);
    });

    it('listByUser leaves out a session whose idle timeout, shortened since it was written, has passed', async () => {
      const user = `user-${newKey()}`;
      await repository.create(newKey(), {}, times(), { userId: user });
      clock.advance(61_000);
      expect((await repository.listByUser(user)).sessions).toHaveLength(1);
      await app.close();
      await open({ idleTimeout: 60, touchAfter: 6 });
      // Its stored end is ten minutes on, but under the current timeouts it ended: as a read says.
      await expect(repository.listByUser(user)).resolves.toEqual({ sessions: [] });
    });

    it('listByUser rejects a cursor it did not hand out for that user, and a limit out of range', async () => {
      const user = `user-${newKey()}`;
      for (let i = 0; i < 3; i += 1)
        await repository.create(newKey(), {}, times(START + i), { userId: user });
      const { cursor } = await repository.listByUser(user, { limit: 1 });
      await expect(repository.listByUser(user, { cursor })).resolves.toMatchObject({
        sessions: [expect.anything(), expect.anything()],
      });
      for (const foreign of [
        cursor,
        'not-a-cursor',
        '',
        Buffer.from('[1]').toString('base64url'),
      ]) {
        await expect(
          repository.listByUser(`other-${user}`, { cursor: foreign }),
        ).rejects.toBeInstanceOf(InvalidSessionCursorError);
      }
      for (const limit of [0, 1001, 1.5]) {
        await expect(repository.listByUser(user, { limit })).rejects.toBeInstanceOf(RangeError);
      }
    });

    it('destroyByUser ends every session of the user but the one kept, and says how many', async () => {
      const user = `user-${newKey()}`;
      const [kept, ...ended] = [newKey(), newKey(), newKey()];
      for (const key of [kept, ...ended] as string[])
        await repository.create(key, {}, times(), { userId: user });
      const other = newKey();
      await repository.create(other, {}, times(), { userId: `other-${user}` });
      await expect(repository.destroyByUser(user, { exceptKey: kept })).resolves.toBe(2);
      for (const key of ended) await expect(repository.get(key)).resolves.toBeUndefined();
      await expect(repository.get(kept as string)).resolves.toMatchObject({ userId: user });
      await expect(repository.get(other)).resolves.toMatchObject({ userId: `other-${user}` });
      expect((await repository.listByUser(user)).sessions.map((s) => s.key)).toEqual([kept]);
      await expect(repository.destroyByUser(user)).resolves.toBe(1);
      await expect(repository.listByUser(user)).resolves.toEqual({ sessions: [] });
    });

    it('destroyByUser and destroyByHandle send a revoked event per session they end, none for what they leave', async () => {
      const events: SessionEvent[] = [];
      await app.close();
      await open({ onSessionEvent: (event) => void events.push(event) });
      const user = `user-${newKey()}`;
      const [kept, first, second, byHandle] = [newKey(), newKey(), newKey(), newKey()];
      for (const key of [kept, first, second, byHandle])
        await repository.create(key, {}, times(), { userId: user });
      const theirs = newKey();
      await repository.create(theirs, {}, times(), { userId: `other-${user}` });
      clock.advance(1000);

      await expect(repository.destroyByHandle(user, byHandle)).resolves.toBe(true);
      // Another user's, a non-handle and one already gone end nothing, and are no event.
      await repository.destroyByHandle(user, theirs);
      await repository.destroyByHandle(user, 'no handle');
      await repository.destroyByHandle(user, byHandle);
      expect(events).toEqual([
        { type: 'revoked', userId: user, handle: byHandle, at: clock.now() },
      ]);
      events.length = 0;

      await expect(repository.destroyByUser(user, { exceptKey: kept })).resolves.toBe(2);
      expect(events.map((event) => event.handle).sort()).toEqual([first, second].sort());
      expect(
        events.every((e) => e.type === 'revoked' && e.userId === user && e.at === clock.now()),
      ).toBe(true);
      events.length = 0;
      await repository.destroyByUser(`nobody-${user}`);
      expect(events).toEqual([]);
    });

    it('maxSessionsPerUser: evict-oldest ends the oldest, refuse refuses; a renewed id keeps its slot', async () => {
      await app.close();
      await open({ maxSessionsPerUser: 2 });
      const user = `user-${newKey()}`;
      const [first, second, third] = [newKey(), newKey(), newKey()];
      for (const key of [first, second, third]) {
        await repository.create(key, {}, times(), { userId: user });
        clock.advance(1000);
      }
      await expect(repository.get(first as string)).resolves.toBeUndefined();
      await expect(repository.get(second as string)).resolves.toMatchObject({ userId: user });
      // A renewed id (replace, same user) takes its old one's slot: nothing evicted.
      const renewed = newKey();
      await expect(
        repository.replace(third as string, renewed, {}, times(), { userId: user }),
      ).resolves.toBe(true);
      await expect(repository.get(second as string)).resolves.toMatchObject({ userId: user });

      await app.close();
      await open({ maxSessionsPerUser: 2, onLimit: 'refuse' });
      const other = `user-${newKey()}`;
      await repository.create(newKey(), {}, times(), { userId: other });
      await repository.create(newKey(), {}, times(), { userId: other });
      const refused = newKey();
      await expect(
        repository.create(refused, {}, times(), { userId: other }),
      ).rejects.toMatchObject({
        code: 'SESSION_LIMIT',
        limit: 2,
      });
      await expect(repository.get(refused)).resolves.toBeUndefined();
      // Guests are not counted.
      await repository.create(newKey(), {}, times());
    });

    it("destroyByHandle ends one session, only the user's own, and says whether it did", async () => {
      const user = `user-${newKey()}`;
      const [mine, theirs] = [newKey(), newKey()];
      await repository.create(mine, {}, times(), { userId: user });
      await repository.create(theirs, {}, times(), { userId: `other-${user}` });
      await expect(repository.destroyByHandle(user, theirs)).resolves.toBe(false);
      await expect(repository.get(theirs)).resolves.toMatchObject({ userId: `other-${user}` });
      await expect(repository.destroyByHandle(user, 'no handle')).resolves.toBe(false);
      await expect(repository.destroyByHandle(user, mine)).resolves.toBe(true);
      await expect(repository.get(mine)).resolves.toBeUndefined();
      await expect(repository.destroyByHandle(user, mine)).resolves.toBe(false);
    });

    it('notBefore: a session created before it is not live: not listed, not updated, not replaced', async () => {
      await app.close();
      await open({ notBefore: new Date(START + 30_000) });
      const user = `user-${newKey()}`;
      const before = newKey();
      await repository.create(before, { a: 1 }, times(), { userId: user });
      clock.advance(30_000);
      const after = newKey();
      await repository.create(after, { a: 1 }, times(), { userId: user });
      const change = { set: { a: 2 }, remove: [], data: { a: 2 } };
      await expect(repository.update(before, change, times(START, clock.now()))).resolves.toBe(
        false,
      );
      await expect(repository.update(after, change, times(clock.now()))).resolves.toBe(true);
      await expect(repository.replace(before, newKey(), {}, times())).resolves.toBe(false);
      expect((await repository.listByUser(user)).sessions.map((s) => s.key)).toEqual([after]);
    });

    it('the size limit: the same SessionTooLargeError at the same sizes, and nothing written', async () => {
      await app.close();
      await open({ maxSessionSize: 1024 });
      const key = newKey();
      const details = { userId: 'ann', userAgent: 'Firefox' };
      // The item of this key with a value of `length` characters, as DynamoDB counts it.
      const error = await repository
        .create(key, { big: 'x'.repeat(1000) }, times(), details)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionTooLargeError);
      expect(error).toMatchObject({ size: SIZE_OF_1000, limit: 1024 });
      await expect(repository.get(key)).resolves.toBeUndefined();
      const fits = 'x'.repeat(1000 - (SIZE_OF_1000 - 1024));
      await repository.create(key, { big: fits }, times(), details);
      const grown = { set: { more: 1 }, remove: [], data: { big: fits, more: 1 } };
      await expect(repository.update(key, grown, times(), details)).rejects.toBeInstanceOf(
        SessionTooLargeError,
      );
      await expect(repository.get(key)).resolves.toMatchObject({ data: { big: fits } });
      await expect(
        repository.replace(key, newKey(), { big: `${fits}x` }, times(), details),
      ).rejects.toBeInstanceOf(SessionTooLargeError);
      await expect(repository.get(key)).resolves.toMatchObject({ data: { big: fits } });
    });
  });

  describe('the module on it', () => {
    it('expiry is checked on read: past the idle timeout by the clock, the session is new', async () => {
      const cookie = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }).expect(200));
      clock.advance(IDLE * 1000 - 1000);
      await api().get('/value/a').set('Cookie', cookie).expect(200, { value: 1 });
      clock.advance(IDLE * 1000);
      await api().get('/value/a').set('Cookie', cookie).expect(200, { value: null });
    });

    it('touchAfter: a read that changes nothing writes only once touchAfter has passed', async () => {
      const cookie = cookieHeaderFrom(await api().put('/value/a').send({ value: 1 }).expect(200));
      clock.advance((TOUCH_AFTER - 1) * 1000);
      await api().get('/value/a').set('Cookie', cookie).expect(200);
      await expect(repository.get(keyOf(cookie))).resolves.toMatchObject({ touchedAt: START });
      clock.advance(1000);
      await api().get('/value/a').set('Cookie', cookie).expect(200);
      await expect(repository.get(keyOf(cookie))).resolves.toMatchObject({
        touchedAt: START + TOUCH_AFTER * 1000,
      });
    });

    it('identity: logIn and logOut regenerate; the identity is the top-level userId', async () => {
      const guest = cookieHeaderFrom(
        await api()
          .put('/value/cart')
          .send({ value: ['pear'] }),
      );
      const ann = cookieHeaderFrom(
        await api().post('/login').set('Cookie', guest).send({ username: 'ann' }).expect(200),
      );
      expect(keyOf(ann)).not.toBe(keyOf(guest));
      await expect(repository.get(keyOf(guest))).resolves.toBeUndefined();
      await expect(repository.get(keyOf(ann))).resolves.toMatchObject({
        data: { cart: ['pear'] },
        userId: 'ann',
      });
      await api().get('/me').set('Cookie', ann).expect(200, { userId: 'ann' });
      const out = cookieHeaderFrom(
        await api().post('/log-out').set('Cookie', ann).send({ keepData: true }).expect(200),
      );
      await api().get('/me').set('Cookie', ann).expect(401);
      await expect(repository.get(keyOf(ann))).resolves.toBeUndefined();
      await api().get('/me').set('Cookie', out).expect(401);
      const stored = await repository.get(keyOf(out));
      expect(stored).toMatchObject({ data: { cart: ['pear'] } });
      expect(stored?.userId).toBeUndefined();
    });

    it("a handler's Date or class instance is stored as its JSON", async () => {
      const date = cookieHeaderFrom(await api().put('/hostile/date').expect(200));
      await api()
        .get('/value/value')
        .set('Cookie', date)
        .expect(200, { value: '2026-01-02T03:04:05.000Z' });
      const point = cookieHeaderFrom(await api().put('/hostile/class-instance').expect(200));
      await api()
        .get('/value/value')
        .set('Cookie', point)
        .expect(200, { value: { x: 3, y: 4 } });
    });

    it('createSessionCookie starts a request logged in, with the data given', async () => {
      const cookie = await createSessionCookie(app, { data: { cart: ['pear'] }, userId: 'ann' });
      await api().get('/me').set('Cookie', cookie).expect(200, { userId: 'ann' });
      await api()
        .get('/value/cart')
        .set('Cookie', cookie)
        .expect(200, { value: ['pear'] });
      await expect(repository.get(keyOf(cookie))).resolves.toMatchObject({
        createdAt: START,
        expiresAt: START + IDLE * 1000,
      });
    });
  });
});
