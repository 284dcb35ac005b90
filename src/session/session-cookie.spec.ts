import { jest } from '@jest/globals';
import { parseSetCookie } from 'cookie';
import signature from 'cookie-signature';
import { resolveSessionOptions } from '../options/resolved-session-options.js';
import { SessionCookie } from './session-cookie.js';
import { generateSessionId } from './session-id.js';

const OLD = 'o'.repeat(32);
const NEW = 'n'.repeat(32);

function cookieFor(options: Parameters<typeof resolveSessionOptions>[0]): SessionCookie {
  const resolved = resolveSessionOptions(options);
  return new SessionCookie(resolved.cookie, resolved.secrets);
}

describe('SessionCookie', () => {
  const id = generateSessionId();

  it('writes Partitioned and Priority when set, and neither by default', () => {
    const now = Date.now();
    const chips = cookieFor({
      secret: NEW,
      cookie: { partitioned: true, secure: true, priority: 'high' },
    });
    for (const header of [chips.issue(id, now + 1000, now, true), chips.clear(true)]) {
      expect(header).toMatch(/; Partitioned/);
      expect(header).toMatch(/; Priority=High/);
    }
    const plain = cookieFor({ secret: NEW }).issue(id, now + 1000, now, true);
    expect(plain).not.toMatch(/Partitioned|Priority/);
  });

  it('reads back the id it signed', () => {
    const cookie = cookieFor({ secret: NEW });
    const header = cookie.issue(id, Date.now() + 60_000, Date.now(), false);
    const { name, value } = parseSetCookie(header);
    expect(cookie.read(`other=1; ${name}=${value}`)).toEqual({ present: true, id });
  });

  it('reads a value it signed or verified without another HMAC; a forged one is checked each time', async () => {
    const actual = (await import('cookie-signature')).default;
    const unsign = jest.fn(actual.unsign);
    await jest.isolateModulesAsync(async () => {
      jest.unstable_mockModule('cookie-signature', () => ({ default: { ...actual, unsign } }));
      const { SessionCookie: Counted } = await import('./session-cookie.js');
      const options = resolveSessionOptions({ secret: [NEW, OLD] });
      const cookie = new Counted(options.cookie, options.secrets);
      const issued = `sid=${cookie.token(id, 1234)}`;
      expect(cookie.read(issued)).toEqual({ present: true, id, mark: 1234 });
      expect(unsign).not.toHaveBeenCalled();
      // Signed with the old secret elsewhere: verified once, still told to re-sign when read again.
      const old = `sid=${actual.sign(id, OLD)}`;
      expect(cookie.read(old)).toEqual({ present: true, id, oldSecret: true });
      expect(cookie.read(old)).toEqual({ present: true, id, oldSecret: true });
      expect(unsign).toHaveBeenCalledTimes(2); // the new secret, then the old one; then kept
      unsign.mockClear();
      const forged = `sid=${id}.${'A'.repeat(43)}`;
      expect(cookie.read(forged)).toEqual({ present: true });
      expect(cookie.read(forged)).toEqual({ present: true });
      expect(unsign).toHaveBeenCalledTimes(4); // both secrets, each time: nothing kept
    });
  });

  it('carries a write mark inside the signed value, and reads cookies without one', () => {
    const cookie = cookieFor({ secret: NEW });
    const mark = 1_764_650_000_123;
    const { name, value } = parseSetCookie(cookie.issue(id, mark + 60_000, mark, false, mark));
    expect(value).toBe(signature.sign(`${id}.${mark.toString(36)}`, NEW));
    expect(cookie.read(`${name}=${value}`)).toEqual({ present: true, id, mark });
    expect(cookie.read(cookie.requestHeader(id))).toEqual({ present: true, id });
    // A mark that is not base 36 digits is not a cookie this library issued, even when signed.
    const bad = signature.sign(`${id}.not-a-mark`, NEW);
    expect(cookie.read(`${name}=${bad}`)).toEqual({ present: true });
    // The mark is signed: changing it breaks the signature.
    const forged = String(value).replace(`.${mark.toString(36)}.`, `.${(mark + 1).toString(36)}.`);
    expect(cookie.read(`${name}=${forged}`)).toEqual({ present: true });
  });

  it('reads back as a token what a cookie would carry; a forged, long or empty token is no id', () => {
    const cookie = cookieFor({ secret: [NEW, OLD] });
    const mark = 1_764_650_000_123;
    const token = cookie.token(id, mark);
    expect(token).toBe(signature.sign(`${id}.${mark.toString(36)}`, NEW));
    expect(cookie.readToken(token)).toEqual({ present: true, id, mark });
    expect(cookie.readToken(signature.sign(id, OLD))).toEqual({
      present: true,
      id,
      oldSecret: true,
    });
    expect(cookie.readToken(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toEqual({
      present: true,
    });
    expect(cookie.readToken(`${token}${'x'.repeat(300)}`)).toEqual({ present: true });
    expect(cookie.readToken('')).toEqual({ present: false });
  });

  it('signs with the first secret and verifies with all (rotation)', () => {
    const signedWithOld = signature.sign(id, OLD);
    const rotated = cookieFor({ secret: [NEW, OLD] });
    expect(rotated.read(`sid=${signedWithOld}`)).toEqual({ present: true, id, oldSecret: true });
    expect(rotated.read(`sid=${signature.sign(id, NEW)}`)).toEqual({ present: true, id });
    expect(parseSetCookie(rotated.issue(id, Date.now() + 1000, Date.now(), false)).value).toBe(
      signature.sign(id, NEW),
    );
    expect(cookieFor({ secret: NEW }).read(`sid=${signedWithOld}`)).toEqual({ present: true });
  });

  it.each([
    ['an unsigned id', () => id],
    ['a forged signature', () => `${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`],
    ['a truncated signature', () => signature.sign(id, NEW).slice(0, -3)],
    ['a signed value that is not a session id', () => signature.sign('admin', NEW)],
    ['garbage', () => '%%%%%'],
  ])('treats %s as no session id', (_label, value) => {
    expect(cookieFor({ secret: NEW }).read(`sid=${value()}`)).toEqual({ present: true });
  });

  it('uses the copy that verifies when the cookie is sent twice, whichever comes first', () => {
    const cookie = cookieFor({ secret: NEW });
    const valid = signature.sign(id, NEW);
    expect(cookie.read(`sid=garbage; theme=dark; sid=${valid}`)).toEqual({ present: true, id });
    expect(cookie.read(`sid=${valid}; sid=garbage`)).toEqual({ present: true, id });
    expect(cookie.read(`sid=; sid=${valid}`)).toEqual({ present: true, id });
    expect(cookie.read('sid=garbage; sid=%%%')).toEqual({ present: true });
  });

  it('with two copies that verify, takes the first one whole: its id and its mark, never a mix', () => {
    const cookie = cookieFor({ secret: [NEW, OLD] });
    const other = generateSessionId();
    const first = signature.sign(`${id}.${(1_764_650_000_123).toString(36)}`, NEW);
    const second = signature.sign(`${other}.${(1_764_650_999_999).toString(36)}`, NEW);
    expect(cookie.read(`sid=${first}; sid=${second}`)).toEqual({
      present: true,
      id,
      mark: 1_764_650_000_123,
    });
    expect(cookie.read(`sid=${second}; sid=${first}`)).toEqual({
      present: true,
      id: other,
      mark: 1_764_650_999_999,
    });
    // The first that verifies, with whichever secret.
    expect(
      cookie.read(`sid=${signature.sign(other, OLD)}; sid=${signature.sign(id, NEW)}`),
    ).toEqual({ present: true, id: other, oldSecret: true });
  });

  it('verifies at most eight copies of the cookie in one header (each costs an HMAC)', () => {
    const cookie = cookieFor({ secret: NEW });
    const valid = signature.sign(id, NEW);
    const junk = (count: number) => Array.from({ length: count }, (_, i) => `sid=junk${i}`);
    expect(cookie.read([...junk(7), `sid=${valid}`].join('; '))).toEqual({ present: true, id });
    expect(cookie.read([...junk(8), `sid=${valid}`].join('; '))).toEqual({ present: true });
  });

  it('reports no cookie when the header lacks the session cookie', () => {
    const cookie = cookieFor({ secret: NEW });
    expect(cookie.read(undefined)).toEqual({ present: false });
    expect(cookie.read('')).toEqual({ present: false });
    expect(cookie.read('theme=dark')).toEqual({ present: false });
  });

  it('writes secure defaults: HttpOnly, SameSite=Lax, Path=/, Max-Age to the expiry', () => {
    const now = Date.now();
    const header = cookieFor({ secret: NEW }).issue(id, now + 90_000, now, false);
    const parsed = parseSetCookie(header);
    expect(parsed).toMatchObject({
      name: 'sid',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: 90,
    });
    expect(parsed.secure).toBeFalsy();
    expect(parsed.domain).toBeUndefined();
  });

  it('sets Secure over HTTPS when secure is "auto", always when true, never when false', () => {
    const now = Date.now();
    expect(parseSetCookie(cookieFor({ secret: NEW }).issue(id, now + 1000, now, true)).secure).toBe(
      true,
    );
    expect(
      parseSetCookie(
        cookieFor({ secret: NEW, cookie: { secure: true } }).issue(id, now + 1000, now, false),
      ).secure,
    ).toBe(true);
    expect(
      parseSetCookie(
        cookieFor({ secret: NEW, cookie: { secure: false } }).issue(id, now + 1000, now, true),
      ).secure,
    ).toBeFalsy();
  });

  it('writes a browser-session cookie (no Max-Age, no Expires) when not persistent', () => {
    const header = cookieFor({ secret: NEW, cookie: { persistent: false } }).issue(
      id,
      Date.now() + 1000,
      Date.now(),
      false,
    );
    expect(header).not.toMatch(/Max-Age|Expires/i);
  });

  it('honours name, path, domain and sameSite options', () => {
    const cookie = cookieFor({
      secret: NEW,
      cookie: {
        name: 'app.sid',
        path: '/app',
        domain: 'example.com',
        sameSite: 'strict',
        httpOnly: false,
      },
    });
    const parsed = parseSetCookie(cookie.issue(id, Date.now() + 1000, Date.now(), false));
    expect(parsed).toMatchObject({
      name: 'app.sid',
      path: '/app',
      domain: 'example.com',
      sameSite: 'strict',
    });
    expect(parsed.httpOnly).toBeFalsy();
  });

  it('clears the cookie with the same attributes and an expiry in the past', () => {
    const parsed = parseSetCookie(cookieFor({ secret: NEW }).clear(false));
    expect(parsed).toMatchObject({ name: 'sid', value: '', maxAge: 0, path: '/', httpOnly: true });
    expect(parsed.expires?.getTime()).toBe(0);
  });
});
