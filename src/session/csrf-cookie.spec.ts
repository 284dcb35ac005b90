import { parseSetCookie } from 'cookie';
import signature from 'cookie-signature';
import { resolveSessionOptions } from '../options/resolved-session-options.js';
import { CsrfCookie } from './csrf-cookie.js';
import { generateCsrfSecret } from './session-csrf.js';

const OLD = 'o'.repeat(32);
const NEW = 'n'.repeat(32);

function csrfCookieFor(options: Parameters<typeof resolveSessionOptions>[0]): CsrfCookie {
  const resolved = resolveSessionOptions(options);
  return new CsrfCookie(resolved.cookie, resolved.secrets);
}

/** The `name=value` pair a Set-Cookie value sets. */
function pairOf(setCookie: string): string {
  const { name, value } = parseSetCookie(setCookie);
  return `${name}=${encodeURIComponent(value ?? '')}`;
}

describe('CsrfCookie', () => {
  const secret = generateCsrfSecret();

  it("is named after the session cookie, with its attributes, but always HttpOnly and for the browser's session", () => {
    const cookie = csrfCookieFor({
      secret: NEW,
      cookie: { name: '__Host-sid', secure: true, httpOnly: false, persistent: true },
    });
    const set = parseSetCookie(cookie.issue(secret, true));
    expect(set).toMatchObject({ name: '__Host-sid.csrf', httpOnly: true, secure: true, path: '/' });
    expect(set.maxAge).toBeUndefined();
    expect(set.expires).toBeUndefined();
    expect(parseSetCookie(cookie.clear(true))).toMatchObject({ value: '', maxAge: 0 });
  });

  it('reads back the secret it issued; one issued with an old secret is flagged for reissue', () => {
    const current = csrfCookieFor({ secret: NEW });
    const pair = pairOf(current.issue(secret, false));
    expect(current.read(`sid=x; ${pair}`)).toEqual({ present: true, secret });
    const rotated = csrfCookieFor({ secret: [OLD, NEW] });
    expect(rotated.read(pair)).toEqual({ present: true, secret, oldSecret: true });
    expect(csrfCookieFor({ secret: OLD }).read(pair)).toEqual({ present: true });
  });

  it('takes the first copy that verifies, and nothing it did not make', () => {
    const cookie = csrfCookieFor({ secret: NEW });
    const pair = pairOf(cookie.issue(secret, false));
    const other = generateCsrfSecret();
    expect(cookie.read(`sid.csrf=garbage; ${pair}`)).toEqual({ present: true, secret });
    for (const forged of [
      `sid.csrf=${secret}`,
      `sid.csrf=${other}.${pair.slice(pair.lastIndexOf('.') + 1)}`,
      `sid.csrf=short.${'A'.repeat(43)}`,
    ]) {
      expect(cookie.read(forged)).toEqual({ present: true });
    }
    expect(cookie.read('sid=x')).toEqual({ present: false });
    expect(cookie.read(undefined)).toEqual({ present: false });
  });

  it('does not take a value signed as the session cookie is: its MAC has a purpose of its own', () => {
    const cookie = csrfCookieFor({ secret: NEW });
    const signed = encodeURIComponent(signature.sign(secret, NEW));
    expect(cookie.read(`sid.csrf=${signed}`)).toEqual({ present: true });
  });
});
