import { parseSetCookie } from 'cookie';
import { resolveSessionOptions } from '../options/resolved-session-options.js';
import { CsrfCookie } from './csrf-cookie.js';
import { csrfCookieValues, withCsrfCookie } from './pre-session-csrf.js';
import type { LoadedSession } from './session-context.js';
import { generateCsrfSecret } from './session-csrf.js';
import { createSession } from './session-object.js';
import { SessionState } from './session-state.js';

const resolved = resolveSessionOptions({ secret: 'n'.repeat(32) });
const cookie = new CsrfCookie(resolved.cookie, resolved.secrets);

/** A loaded session: stored under a key when `stored`, else new. */
function loadedSession(stored: boolean): LoadedSession {
  const state = new SessionState('id', 0, 0, 0, stored ? 'key' : undefined);
  return { session: createSession(state, {}), state, https: false, consistent: true };
}

/** A Cookie header carrying the pre-session cookie of `secret`. */
function carrying(secret: string): string {
  const { name, value } = parseSetCookie(cookie.issue(secret, false));
  return `${name}=${encodeURIComponent(value ?? '')}`;
}

const set = (values: string[]) => values.map((value) => parseSetCookie(value).value);

describe('the pre-session CSRF rules', () => {
  const secret = generateCsrfSecret();

  it('a new session takes the secret of the cookie it carried, and keeps it there without a Set-Cookie', () => {
    const loaded = withCsrfCookie(loadedSession(false), cookie, carrying(secret));
    expect(loaded.state.csrfSecret).toBe(secret);
    expect(csrfCookieValues(loaded, cookie)).toEqual([]);
  });

  it('a new session that hands out a token without a cookie gets one', () => {
    const loaded = withCsrfCookie(loadedSession(false), cookie, undefined);
    expect(csrfCookieValues(loaded, cookie)).toEqual([]);
    loaded.session.csrfToken();
    expect(set(csrfCookieValues(loaded, cookie))).toEqual([
      expect.stringMatching(/^[\w-]{43}\.[\w-]{43}$/),
    ]);
  });

  it('a stored session keeps its own secret (or none), and the cookie it carried is cleared', () => {
    const loaded = withCsrfCookie(loadedSession(true), cookie, carrying(secret));
    expect(loaded.state.csrfSecret).toBeUndefined();
    expect(set(csrfCookieValues(loaded, cookie))).toEqual(['']);
  });

  it('a session made up for want of the store neither takes nor touches the cookie', () => {
    const unsaved = loadedSession(false);
    unsaved.state.unsaved = true;
    const loaded = withCsrfCookie(unsaved, cookie, carrying(secret));
    expect(loaded.state.csrfSecret).toBeUndefined();
    expect(csrfCookieValues(loaded, cookie)).toEqual([]);
  });

  it('a logout drops the carried secret: the cookie is cleared, or replaced by a new token', () => {
    const loaded = withCsrfCookie(loadedSession(false), cookie, carrying(secret));
    loaded.session.logOut();
    expect(set(csrfCookieValues(loaded, cookie))).toEqual(['']);
    loaded.session.csrfToken();
    const [value] = set(csrfCookieValues(loaded, cookie));
    expect(value).not.toContain(secret);
  });

  it('a cookie MACed with an old secret is issued anew with the first', () => {
    const rotated = resolveSessionOptions({ secret: ['o'.repeat(32), 'n'.repeat(32)] });
    const oldCookie = new CsrfCookie(rotated.cookie, ['o'.repeat(32)]);
    const { name, value } = parseSetCookie(oldCookie.issue(secret, false));
    const header = `${name}=${encodeURIComponent(value ?? '')}`;
    const loaded = withCsrfCookie(loadedSession(false), cookie, header);
    expect(loaded.state.csrfSecret).toBeUndefined();
    const both = new CsrfCookie(rotated.cookie, ['n'.repeat(32), 'o'.repeat(32)]);
    const reread = withCsrfCookie(loadedSession(false), both, header);
    expect(reread.state.csrfSecret).toBe(secret);
    expect(csrfCookieValues(reread, both)).toEqual([both.issue(secret, false)]);
  });
});
