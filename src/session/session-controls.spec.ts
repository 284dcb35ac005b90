import { RESERVED_SESSION_KEYS } from './session-data.js';
import { readOnlySession } from './read-only-session.js';
import { SessionReadOnlyError } from './session-read-only.error.js';
import { createSession } from './session-object.js';
import { SessionState } from './session-state.js';
import { CHANGING_CONTROLS, SESSION_CONTROL_NAMES } from './session-controls.js';

function newSession() {
  return createSession(new SessionState('a'.repeat(43), 1, 1, 1), { cart: ['book'] });
}

describe('session controls', () => {
  it('reserves every name a session object answers besides its data', () => {
    const session = newSession();
    const prototype = Object.getPrototypeOf(session) as object;
    const answered = Object.getOwnPropertyNames(prototype).filter((name) => name !== '__proto__');
    expect([...answered].sort()).toEqual([...RESERVED_SESSION_KEYS].sort());
    for (const name of SESSION_CONTROL_NAMES) expect(name in session).toBe(true);
  });

  it('gives a method for each changing control, and the read-only view refuses each', () => {
    const session = newSession();
    const view = readOnlySession(session, 'a test says so');
    for (const name of CHANGING_CONTROLS) {
      expect(typeof session[name]).toBe('function');
      expect(() => (view[name] as () => unknown)()).toThrow(SessionReadOnlyError);
    }
    expect(view.cart).toEqual(['book']);
    expect(view.id).toBe(session.id);
    expect(view.isNew).toBe(true);
  });
});
