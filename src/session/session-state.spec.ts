import { createSession, SessionState, stateOf } from './session-state.js';
import { SESSION_ID_PATTERN, generateSessionId, sessionKey } from './session-id.js';

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
    expect(() => {
      (session as Record<string, unknown>)['id'] = 'mine';
    }).toThrow(TypeError);
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
    const { session, state, id } = storedSession({ userId: 'ann' });
    session.destroy();
    expect({ ...session }).toEqual({});
    expect(state.destroyed).toBe(true);
    expect(state.retiredKey).toBe(sessionKey(id));
  });

  it('snapshots each value as JSON to detect changes', () => {
    const { state } = storedSession({ cart: ['a'], when: 1 });
    expect([...state.snapshot]).toEqual([
      ['cart', '["a"]'],
      ['when', '1'],
    ]);
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
