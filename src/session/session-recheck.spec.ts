import { sessionKey } from './session-id.js';
import { SessionRecheck } from './session-recheck.js';
import { coreFixture, inputWith, readerOf, storedIn } from './session-core.fixture.js';

const input = inputWith;
const stored = storedIn;

describe('SessionRecheck (on the in-memory repository)', () => {
  it("stillLive: true while the session stands as read; false once it is gone, revoked or another identity's", async () => {
    const fixture = coreFixture();
    const reader = readerOf(fixture);
    const recheck = new SessionRecheck(fixture);
    const { id, cookie } = await stored(fixture, { n: 1 });
    const key = sessionKey(id);
    const loaded = await reader.read(input(cookie), false);
    expect(await recheck.stillLive(loaded)).toBe(true);
    // Written since (another request): still the same live session.
    const createdAt = loaded.state.createdAt;
    await fixture.repository.update(
      key,
      { set: { n: 2 }, remove: [], data: { n: 2 } },
      {
        createdAt,
        touchedAt: fixture.clock.now(),
        expiresAt: fixture.clock.now() + 600_000,
      },
    );
    expect(await recheck.stillLive(loaded)).toBe(true);
    // Another identity's now (a login renewing nothing, by another tool): not the session it was.
    await fixture.repository.update(
      key,
      { set: {}, remove: [], data: { n: 2 }, userId: 'mallory' },
      {
        createdAt,
        touchedAt: fixture.clock.now(),
        expiresAt: fixture.clock.now() + 600_000,
      },
    );
    expect(await recheck.stillLive(loaded)).toBe(false);
    // Gone.
    await fixture.repository.delete(key);
    expect(await recheck.stillLive(loaded)).toBe(false);
    // A unit without a stored session has nothing to lose, and costs no read.
    const fresh = await reader.read(input(), false);
    fixture.repository.get = () => Promise.reject(new Error('no read expected'));
    expect(await recheck.stillLive(fresh)).toBe(true);
  });

  it('stillLive: false for a session created before notBefore', async () => {
    const fixture = coreFixture({ notBefore: new Date(Date.now() - 1000) });
    const id = 'b'.repeat(43);
    const createdAt = fixture.clock.now() - 5000;
    const times = { createdAt, touchedAt: createdAt, expiresAt: createdAt + 600_000 };
    await fixture.repository.create(sessionKey(id), { n: 1 }, times);
    // Loaded where notBefore was not set yet (the same table), then checked under it.
    const earlier = { ...coreFixture(), repository: fixture.repository };
    const before = readerOf(earlier);
    const cookie = fixture.cookie.issue(id, times.expiresAt, createdAt, false).split(';')[0] ?? '';
    const loaded = await before.read(input(cookie), false);
    expect(loaded.state.storedKey).toBe(sessionKey(id));
    expect(await new SessionRecheck(earlier).stillLive(loaded)).toBe(true);
    expect(await new SessionRecheck(fixture).stillLive(loaded)).toBe(false);
  });

  it('stillLive: false once timeouts shortened since the read have passed (the lifetime rule, as a read applies it)', async () => {
    const fixture = coreFixture({ idleTimeout: 60 });
    const { cookie } = await stored(fixture, { n: 1 });
    // Loaded under a long idle timeout, then checked two minutes later where it is one minute.
    const loose = readerOf({
      ...coreFixture({ idleTimeout: 3600 }),
      repository: fixture.repository,
    });
    const loaded = await loose.read(input(cookie), false);
    fixture.clock.advance(120_000);
    expect(await new SessionRecheck(fixture).stillLive(loaded)).toBe(false);
  });
});
