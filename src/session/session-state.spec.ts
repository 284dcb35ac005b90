import { createSession } from './session-object.js';
import { SessionState, stateOf, UNREAD } from './session-state.js';
import { SESSION_ID_PATTERN, generateSessionId, sessionKey } from './session-id.js';
import { TestClock } from '../testing/test-clock.js';

function storedSession(data: Record<string, unknown>) {
  const now = Date.now();
  const id = generateSessionId();
  const state = new SessionState(id, now, now, now + 1000, sessionKey(id));
  return { session: createSession(state, data), state, id };
}

describe('session object', () => {
  it('exposes data as plain keys and hides its controls from serialization', () => {
    const { session, id } = storedSession({ cart: ['a'], visits: 2 });
    expect(JSON.stringify(session)).toBe('{"cart":["a"],"visits":2}');
    expect(Object.keys(session)).toEqual(['cart', 'visits']);
    expect(session.id).toBe(id);
    expect(session.isNew).toBe(false);
    expect(typeof session.regenerate).toBe('function');
  });

  it('refuses to overwrite its controls', () => {
    const { session } = storedSession({});
    for (const name of ['id', 'isNew', 'handle', 'regenerate', 'destroy', 'touch']) {
      expect(() => {
        (session as Record<string, unknown>)[name] = 'mine';
      }).toThrow(TypeError);
    }
    expect(Object.keys(session)).toEqual([]);
    expect(typeof session.destroy).toBe('function');
  });

  it("has methods that work detached, as @Session('destroy') and destructuring hand them out", () => {
    const { session, state, id } = storedSession({ cart: ['a'] });
    const { touch, destroy } = session;
    touch();
    expect(state.touchRequested).toBe(true);
    destroy();
    expect(state.destroyed).toBe(true);
    expect(state.retiredKey).toBe(sessionKey(id));
    expect({ ...session }).toEqual({});
    expect(session.destroy).toBe(destroy);
  });

  it('keeps its controls when a body with "__proto__" is assigned to it', () => {
    const { session, id } = storedSession({});
    const body = JSON.parse(
      '{"__proto__": {"id": "forged", "isNew": true}, "cart": ["a"]}',
    ) as object;
    expect(() => Object.assign(session, body)).toThrow(
      'A session has no "__proto__" key: its prototype holds the session controls and cannot be replaced',
    );
    expect(session.id).toBe(id);
    expect(session.isNew).toBe(false);
    expect(typeof session.destroy).toBe('function');
  });

  it('keeps each session to its own state, though all share their controls', () => {
    const first = storedSession({ cart: ['a'] });
    const second = storedSession({ cart: ['b'] });
    first.session.destroy();
    second.session.touch();
    expect(first.state.destroyed).toBe(true);
    expect(first.state.touchRequested).toBe(false);
    expect(second.state.destroyed).toBe(false);
    expect(second.state.touchRequested).toBe(true);
    expect(second.session.id).toBe(second.id);
    expect(second.session.handle).toBe(sessionKey(second.id));
    expect({ ...second.session }).toEqual({ cart: ['b'] });
  });

  it('regenerate moves to a new id, keeps data by default and retires the stored key', () => {
    const { session, state, id } = storedSession({ cart: ['a'] });
    session.regenerate();
    expect(session.id).not.toBe(id);
    expect(session.id).toMatch(SESSION_ID_PATTERN);
    expect(session.isNew).toBe(true);
    expect(session['cart']).toEqual(['a']);
    expect(state.retiredKey).toBe(sessionKey(id));
    expect(state.snapshot.size).toBe(0);
  });

  it('regenerate({ keepData: false }) drops the data', () => {
    const { session } = storedSession({ cart: ['a'] });
    session.regenerate({ keepData: false });
    expect({ ...session }).toEqual({});
  });

  it('destroy clears the data and marks the session destroyed', () => {
    const { session, state, id } = storedSession({ cart: ['a'] });
    session.logIn('ann');
    session.destroy();
    expect({ ...session }).toEqual({});
    expect(session.userId).toBeUndefined();
    expect(state.destroyed).toBe(true);
    expect(state.retiredKey).toBe(sessionKey(id));
  });

  it('keeps the identity out of the data: read-only, set by logIn, cleared by logOut', () => {
    const { session, state } = storedSession({ cart: ['a'] });
    expect(session.userId).toBeUndefined();
    expect(() => Object.assign(session, { userId: 'mallory' })).toThrow(/read-only/);
    const created = state.createdAt - 1;
    state.createdAt = created;
    session.regenerate();
    expect(state.createdAt).toBe(created); // regenerate never extends the lifetime
    session.logIn('ann');
    expect(session.userId).toBe('ann');
    expect(Object.keys(session)).toEqual(['cart']);
    expect(JSON.stringify(session)).toBe('{"cart":["a"]}');
    const loggedIn = state.createdAt;
    expect(loggedIn).toBeGreaterThan(created); // a new identity: a new lifetime
    session.logIn('ann');
    session.regenerate();
    expect(state.createdAt).toBe(loggedIn);
    session.logOut();
    expect(session.userId).toBeUndefined();
    expect({ ...session }).toEqual({});
    expect(() => session.logIn('')).toThrow(TypeError);
  });

  it('records when the identity last proved itself: logIn, reauthenticated(); kept by regenerate, gone with logOut', () => {
    const clock = new TestClock();
    const state = new SessionState(
      generateSessionId(),
      clock.now(),
      clock.now(),
      clock.now() + 1000,
    );
    const session = createSession(state, { cart: ['a'] }, clock);
    expect(session.authenticatedAt).toBeUndefined();
    expect(() => session.reauthenticated()).toThrow(/needs a logged-in session/);

    clock.advance(1000);
    session.logIn('ann');
    const loggedIn = clock.now();
    // A new identity: its creation is its authentication, nothing more to store.
    expect(session.authenticatedAt).toBe(loggedIn);
    expect(state.authenticatedAt).toBeUndefined();
    expect(() => Object.assign(session, { authenticatedAt: 0 })).toThrow(TypeError);

    clock.advance(5000);
    const before = session.id;
    session.reauthenticated();
    expect(session.id).not.toBe(before);
    expect(session.authenticatedAt).toBe(loggedIn + 5000);
    expect(state.authenticatedAt).toBe(loggedIn + 5000);
    expect(state.createdAt).toBe(loggedIn); // the absolute timeout is not extended
    expect({ ...session }).toEqual({ cart: ['a'] });

    clock.advance(5000);
    session.regenerate();
    expect(session.authenticatedAt).toBe(loggedIn + 5000);
    session.logIn('ann'); // the same user again: a login is an authentication
    expect(session.authenticatedAt).toBe(loggedIn + 10_000);
    session.logIn('bob');
    expect(session.authenticatedAt).toBe(state.createdAt);
    expect(state.authenticatedAt).toBeUndefined();
    session.logOut();
    expect(session.authenticatedAt).toBeUndefined();
  });

  it('snapshots each value as JSON to detect changes: a list or map when it is first read', () => {
    const { session, state } = storedSession({ cart: ['a'], when: 1 });
    expect([...state.snapshot]).toEqual([
      ['cart', UNREAD],
      ['when', '1'],
    ]);
    expect(session['cart']).toEqual(['a']);
    expect(state.snapshot.get('cart')).toBe('["a"]');
  });

  it('takes no JSON into the snapshot of a regenerated session (it stands for nothing stored)', () => {
    const { session, state } = storedSession({ cart: ['a'] });
    session.regenerate();
    expect(session['cart']).toEqual(['a']);
    expect(state.snapshot.size).toBe(0);
  });

  it('is found by stateOf, and nothing else is', () => {
    const { session, state } = storedSession({});
    expect(stateOf(session)).toBe(state);
    expect(() => stateOf({})).toThrow('Not a session made by nestjs-dynamodb-session');
  });
});

describe('session ids', () => {
  it('are 256 random bits, base64url, and never repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, generateSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(Buffer.from(id, 'base64url')).toHaveLength(32);
  });

  it('are stored only as their SHA-256', () => {
    const id = generateSessionId();
    expect(sessionKey(id)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionKey(id)).not.toContain(id);
    expect(sessionKey(id)).toBe(sessionKey(id));
  });
});
