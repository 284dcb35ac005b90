import {
  askedToChange,
  currentValues,
  holdsAnything,
  storableData,
  storedWrite,
} from './change-plan.js';
import { createSession } from './session-object.js';
import { SessionState } from './session-state.js';

const HOUR = 3_600_000;
/** The default maxDecodedSize. */
const LIMIT = 2 * 1024 * 1024;

/** A stored session read at time 0 with `data`, its state's end one hour on. */
function readWith(data: Record<string, unknown>) {
  const state = new SessionState('id', 0, 0, HOUR, 'key');
  const session = createSession(state, data);
  return { state, session };
}

describe('the change plan', () => {
  it('writes the changed keys of a stored session, and nothing when nothing changed', () => {
    const { state, session } = readWith({ a: 1, b: 'x' });
    const times = { createdAt: 0, touchedAt: 1, expiresAt: HOUR + 1 };
    expect(storedWrite(state, currentValues(session, state), times, HOUR)).toBeUndefined();
    session['a'] = 2;
    delete session['b'];
    expect(storedWrite(state, currentValues(session, state), times, HOUR)).toEqual({
      set: ['a'],
      remove: ['b'],
      changed: true,
    });
  });

  it('extends an unchanged session when the touch rule says so, or session.touch() asks', () => {
    const { state, session } = readWith({ a: 1 });
    const at = (now: number) => ({ createdAt: 0, touchedAt: now, expiresAt: now + HOUR });
    const current = currentValues(session, state);
    expect(storedWrite(state, current, at(59_000), 60_000)).toBeUndefined();
    expect(storedWrite(state, current, at(60_000), 60_000)).toEqual({
      set: [],
      remove: [],
      changed: false,
    });
    session.touch();
    expect(storedWrite(state, current, at(1), 60_000)?.changed).toBe(false);
  });

  it('stores a new session only if it holds data, an identity or saveUninitialized keeps it', () => {
    const state = new SessionState('id', 0, 0, 0);
    const session = createSession(state, {});
    expect(holdsAnything(state, currentValues(session, state), false)).toBe(false);
    expect(holdsAnything(state, currentValues(session, state), true)).toBe(true);
    expect(askedToChange(session, state)).toBe(false);
    session.logIn('ann');
    expect(holdsAnything(state, currentValues(session, state), false)).toBe(true);
    expect(askedToChange(session, state)).toBe(true);
  });

  it('counts the CSRF secret among the values to store, but a new session holding only it is not stored', () => {
    const state = new SessionState('id', 0, 0, 0);
    const session = createSession(state, {});
    session.csrfToken();
    expect([...currentValues(session, state).keys()]).toHaveLength(1);
    expect(holdsAnything(state, currentValues(session, state), false)).toBe(false);
    session['cart'] = [];
    expect(holdsAnything(state, currentValues(session, state), false)).toBe(true);
  });

  it('takes the unchanged values as read and parses and checks only the written ones', () => {
    const cart = { items: [1, 2, 3] };
    const current = new Map([
      ['cart', JSON.stringify(cart)],
      ['name', '"ann"'],
    ]);
    const data = storableData(current, LIMIT, { data: { cart, name: 'bob' }, written: ['name'] });
    expect(data['cart']).toBe(cart);
    expect(data).toEqual({ cart, name: 'ann' });
    // Without what was read, every value is parsed anew.
    expect(storableData(current, LIMIT)['cart']).not.toBe(cart);
    expect(storableData(current, LIMIT)).toEqual(data);
    // A written value is still checked.
    const deep = JSON.stringify(JSON.parse('['.repeat(40) + ']'.repeat(40)));
    expect(() =>
      storableData(new Map([['deep', deep]]), LIMIT, { data: {}, written: ['deep'] }),
    ).toThrow();
  });

  it('refuses data whose JSON passes maxDecodedSize, counting the values taken as read too', () => {
    const big = JSON.stringify('x'.repeat(600));
    const current = new Map([
      ['a', big],
      ['b', big],
    ]);
    // 2 x 602 characters: under 1300, over 1200.
    expect(() => storableData(current, 1300)).not.toThrow();
    expect(() =>
      storableData(current, 1200, { data: { a: 'x'.repeat(600) }, written: ['b'] }),
    ).toThrow(
      expect.objectContaining({
        name: 'SessionTooLargeError',
        code: 'SESSION_TOO_LARGE',
        size: 1204,
        limit: 1200,
        message: expect.stringMatching(
          /1204 characters of JSON, above the limit of 1200 \(maxDecodedSize\)/,
        ),
      }),
    );
  });
});
