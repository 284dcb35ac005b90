import { committedEvents } from './committed-events.js';
import { coreFixture } from './session-core.fixture.js';
import { sessionKey } from './session-id.js';
import { SessionReader } from './session-reader.js';

function fresh() {
  const fixture = coreFixture();
  const reader = new SessionReader({ ...fixture, fallback: undefined });
  return reader.fresh({ cookieHeader: undefined, https: false, userAgent: undefined });
}

const AT = 1_796_000_000_000;
const written = { createdAt: AT, touchedAt: AT, expiresAt: AT + 600_000 };

describe('committedEvents', () => {
  it('created and loggedIn for a first visit that logged in and was written, by its handle now', () => {
    const loaded = fresh();
    loaded.session.logIn('ann');
    loaded.state.storedKey = sessionKey(loaded.state.id); // as the writer leaves it
    const handle = loaded.state.storedKey;
    expect(committedEvents(loaded, { written, ended: false }, AT)).toEqual([
      { type: 'created', userId: 'ann', handle, at: AT },
      { type: 'loggedIn', userId: 'ann', handle, at: AT },
    ]);
  });

  it('nothing of the session itself when nothing was written; an ended one by its own handle', () => {
    const loaded = fresh();
    loaded.state.storedKey = 'stored-key';
    loaded.state.userId = 'bob';
    loaded.session.logOut();
    expect(committedEvents(loaded, { ended: true }, AT)).toEqual([
      { type: 'loggedOut', userId: 'bob', handle: 'stored-key', at: AT },
    ]);
  });

  it('no renewed for a regenerate followed by a login (as Passport does it): the login stands for it', () => {
    const loaded = fresh();
    loaded.state.storedKey = 'guest-key';
    loaded.session.regenerate();
    loaded.session.logIn('dee');
    loaded.state.storedKey = sessionKey(loaded.state.id);
    // (Made fresh here, so also created.) No `renewed`: the login is the change of the session's id.
    expect(committedEvents(loaded, { written, ended: false }, AT).map((e) => e.type)).toEqual([
      'created',
      'loggedIn',
    ]);
  });

  it('only the destroy() of a failed unit', () => {
    const loaded = fresh();
    loaded.state.storedKey = 'stored-key';
    loaded.state.userId = 'cy';
    loaded.session.regenerate();
    loaded.session.destroy();
    expect(committedEvents(loaded, { ended: true }, AT, true)).toEqual([
      { type: 'destroyed', userId: 'cy', handle: 'stored-key', at: AT },
    ]);
  });

  it('no created for a session moved from a fallback origin', () => {
    const loaded = fresh();
    loaded.state.storedKey = sessionKey(loaded.state.id);
    const moved = { ...loaded, origin: { id: loaded.state.id } as never };
    expect(committedEvents(moved, { written, ended: false }, AT)).toEqual([]);
  });
});
