import { sessionKey } from './session-id.js';
import type { LoadedSession } from './session-context.js';
import { SessionReader } from './session-reader.js';
import { SessionWriter } from './session-writer.js';
import { coreFixture } from './session-core.fixture.js';

const reach = { canSetCookie: true, notStored: 'throw' as const };

/** A writer and a reader on one fixture, and a session the reader started fresh. */
function setup(options: Parameters<typeof coreFixture>[0] = {}) {
  const fixture = coreFixture(options);
  const writer = new SessionWriter(fixture);
  const reader = new SessionReader({ ...fixture, fallback: undefined });
  const fresh = (): LoadedSession =>
    reader.fresh({ cookieHeader: undefined, https: false, userAgent: undefined });
  return { fixture, writer, reader, fresh };
}

describe('SessionWriter (on the in-memory repository)', () => {
  it('stores a new session that holds data, and nothing for an empty one', async () => {
    const { fixture, writer, fresh } = setup();
    const empty = fresh();
    expect(await writer.save(empty, reach)).toEqual({ ended: false });
    expect(fixture.repository.size).toBe(0);

    const loaded = fresh();
    loaded.session['cart'] = ['apple'];
    const saved = await writer.save(loaded, reach);
    expect(saved.written?.expiresAt).toBe(fixture.clock.now() + 600_000);
    const stored = await fixture.repository.get(sessionKey(loaded.state.id));
    expect(stored?.data).toEqual({ cart: ['apple'] });
  });

  it('extends an unchanged stored session only once touchAfter has passed', async () => {
    const { fixture, writer, fresh } = setup({ touchAfter: 60 });
    const loaded = fresh();
    loaded.session['n'] = 1;
    await writer.save(loaded, reach);
    const writes = () => fixture.repository.get(sessionKey(loaded.state.id));
    const first = (await writes())?.touchedAt;
    fixture.clock.advance(59_000);
    expect((await writer.save(loaded, reach)).written).toBeUndefined();
    fixture.clock.advance(1_000);
    expect((await writer.save(loaded, reach)).written?.touchedAt).toBe(fixture.clock.now());
    expect((await writes())?.touchedAt).toBeGreaterThan(Number(first));
  });

  it('refuses to save a change to a session ended meanwhile (409), and saves nothing', async () => {
    const { fixture, writer, fresh } = setup();
    const loaded = fresh();
    loaded.session['n'] = 1;
    await writer.save(loaded, reach);
    await fixture.repository.delete(sessionKey(loaded.state.id));
    loaded.session['n'] = 2;
    await expect(writer.save(loaded, reach)).rejects.toMatchObject({
      name: 'SessionConflictError',
    });
    expect(fixture.repository.size).toBe(0);
  });

  it('does not store a new session no cookie can reach, and says so as asked', async () => {
    const { fixture, writer, fresh } = setup();
    const loaded = fresh();
    loaded.session['n'] = 1;
    await expect(writer.save(loaded, reach)).resolves.toBeDefined();
    const streamed = fresh();
    streamed.session['n'] = 1;
    await expect(
      writer.save(streamed, { canSetCookie: false, notStored: 'throw' }),
    ).rejects.toMatchObject({ name: 'SessionNotStoredError' });
    const warned = fresh();
    warned.session['n'] = 1;
    expect(await writer.save(warned, { canSetCookie: false, notStored: 'warn' })).toEqual({
      ended: false,
    });
    expect(fixture.logger.lines).toEqual([
      expect.stringMatching(/^warn The session was not stored/),
    ]);
  });

  it('a logOut that leaves nothing to store deletes the old item and says the session ended', async () => {
    const { fixture, writer, fresh } = setup();
    const loaded = fresh();
    loaded.session.logIn('ann');
    await writer.save(loaded, reach);
    loaded.session.logOut();
    expect(await writer.save(loaded, reach)).toEqual({ ended: true });
    expect(await fixture.repository.listByUser('ann')).toEqual({ sessions: [] });
  });

  it('passes the stored sizes it read on to the update, less those of the values it wrote', async () => {
    const { fixture, writer, reader, fresh } = setup();
    const first = fresh();
    Object.assign(first.session, { a: 'x', b: 'y' });
    await writer.save(first, reach);
    const { repository } = fixture;
    const get = repository.get.bind(repository);
    repository.get = async (key: string) => {
      const stored = await get(key);
      return stored && { ...stored, valueSizes: { a: 10, b: 20 } };
    };
    const seen: unknown[] = [];
    const update = repository.update.bind(repository);
    repository.update = (key, changes, times, details) => {
      seen.push(changes.valueSizes);
      return update(key, changes, times, details);
    };
    const [cookie] = fixture.cookie
      .issue(first.state.id, first.state.expiresAt, fixture.clock.now(), false)
      .split(';');
    const loaded = await reader.read(
      { cookieHeader: cookie, https: false, userAgent: undefined },
      false,
    );
    loaded.session['a'] = 'changed';
    await writer.save(loaded, reach);
    expect(seen).toEqual([{ a: 10, b: 20 }]);
    expect(loaded.state.valueSizes).toEqual({ b: 20 });
  });
});
