import { storeCallError } from '../repository/session-store-rejected.error.js';
import type { SessionFallback } from './session-fallback.js';
import { sessionKey } from './session-id.js';
import { stateOf } from './session-state.js';
import { coreFixture, inputWith, readerOf, storedIn } from './session-core.fixture.js';

const input = inputWith;
const stored = storedIn;

describe('SessionReader (on the in-memory repository)', () => {
  it('reads the stored session a verified cookie names, with its data and times', async () => {
    const fixture = coreFixture();
    const { id, cookie } = await stored(fixture, { cart: ['apple'] });
    const loaded = await readerOf(fixture).read(input(cookie), false);
    expect({ ...loaded.session }).toEqual({ cart: ['apple'] });
    expect(loaded.state.id).toBe(id);
    expect(loaded.state.storedKey).toBe(sessionKey(id));
    expect(loaded.consistent).toBe(true);
  });

  it('starts a new session, with a new id, for no cookie and for a session past its idle timeout', async () => {
    const fixture = coreFixture();
    const reader = readerOf(fixture);
    expect(stateOf((await reader.read(input(), false)).session).isNew).toBe(true);
    const { id, cookie } = await stored(fixture, { n: 1 });
    fixture.clock.advance(600_000);
    const loaded = await reader.read(input(cookie), false);
    expect(loaded.state.isNew).toBe(true);
    expect(loaded.state.id).not.toBe(id);
  });

  it('goes on with an unsaved session when the store fails under failOpen, and fails without it', async () => {
    const failing = (fixture: ReturnType<typeof coreFixture>) => {
      fixture.repository.get = () =>
        Promise.reject(
          storeCallError({ operation: 'GetItem', tableName: 'sessions', cause: new Error('down') }),
        );
      return fixture;
    };
    const open = failing(coreFixture({ failOpen: true }));
    const { cookie } = await stored(open, {});
    expect((await readerOf(open).read(input(cookie), false)).state.unsaved).toBe(true);
    expect(open.logger.lines).toEqual([expect.stringMatching(/^warn Could not load the session/)]);

    const closed = failing(coreFixture());
    const other = await stored(closed, {});
    await expect(readerOf(closed).read(input(other.cookie), false)).rejects.toMatchObject({
      name: 'SessionStoreUnavailableError',
    });
  });

  it('asks the fallback only when no cookie of ours verifies, and applies the lifetime rules to what it found', async () => {
    const fixture = coreFixture({ notBefore: new Date(Date.now() - 1000) });
    const asked: string[] = [];
    const origin = {
      replaceWith: () => Promise.resolve('moved' as const),
      end: () => Promise.resolve('moved' as const),
      movedNote: 'moved',
      conflictMessage: () => 'conflict',
    };
    let createdAt = fixture.clock.now();
    const fallback: SessionFallback = {
      sessionName: 'the other session',
      names: (given) => given.cookieHeader === 'legacy=1',
      load: (given) => {
        asked.push(String(given.cookieHeader));
        return Promise.resolve({
          found: true,
          data: { cart: ['old'] },
          userId: 'ann',
          createdAt,
          origin,
        });
      },
      endCookies: () => ['legacy=; Max-Age=0'],
    };
    const reader = readerOf(fixture, fallback);
    const moved = await reader.read(input('legacy=1'), false);
    expect({ ...moved.session }).toEqual({ cart: ['old'] });
    expect(moved.state.userId).toBe('ann');
    expect(moved.state.createdAt).toBe(createdAt);
    // Its login time is unknown (the creation is an estimate): never a recent login.
    expect(moved.session.authenticatedAt).toBe(0);
    expect(moved.origin?.id).toBe(moved.state.id);
    expect(asked).toEqual(['legacy=1']);
    // Created before notBefore: not served; a new, empty session whose commit ends the origin.
    createdAt = fixture.clock.now() - 2000;
    const revoked = await reader.read(input('legacy=1'), false);
    expect({ ...revoked.session }).toEqual({});
    expect(revoked.state.userId).toBeUndefined();
    expect(revoked.origin).toEqual({ source: origin, id: revoked.state.id });
    // A cookie the fallback does not name costs it nothing.
    await reader.read(input('other=1'), false);
    expect(asked).toHaveLength(2);
  });
});
