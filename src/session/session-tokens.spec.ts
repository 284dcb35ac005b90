import { resolveSessionOptions } from '../options/resolved-session-options.js';
import type { SessionTokenOptions } from '../options/dynamo-session.options.js';
import type { SessionInput } from './session-input.js';
import { SessionTokens } from './session-tokens.js';

const tokensWith = (token?: SessionTokenOptions) =>
  new SessionTokens(resolveSessionOptions({ secret: 's'.repeat(32), token }, Date.now()).token);

/** An input with these request headers (lower-case names) and, if given, a handed-over token. */
const input = (headers: Record<string, string>, sessionToken?: unknown): SessionInput => ({
  cookieHeader: headers['cookie'],
  https: false,
  userAgent: undefined,
  header: (name) => headers[name],
  sessionToken,
});

describe('SessionTokens: which clients are header clients', () => {
  it('reads X-Session-Token by default; no header is a cookie client, an empty one asks for a new session', () => {
    const tokens = tokensWith();
    expect(tokens.of(input({ cookie: 'sid=x' }))).toBeUndefined();
    expect(tokens.of(input({ 'x-session-token': '' }))).toBe('');
    expect(tokens.of(input({ 'x-session-token': ' abc ', cookie: 'sid=x' }))).toBe('abc');
    expect(tokens.responseHeader).toBe('X-Session-Token');
  });

  it('takes Authorization: Bearer only with token.bearer, and after the session header', () => {
    expect(tokensWith().of(input({ authorization: 'Bearer abc' }))).toBeUndefined();
    const tokens = tokensWith({ bearer: true });
    expect(tokens.of(input({ authorization: 'Bearer abc' }))).toBe('abc');
    expect(tokens.of(input({ authorization: 'bearer  abc' }))).toBe('abc');
    expect(tokens.of(input({ authorization: 'Bearer' }))).toBe('');
    expect(tokens.of(input({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeUndefined();
    expect(tokens.of(input({ authorization: 'Bearer abc', 'x-session-token': 'def' }))).toBe('def');
  });

  it('puts a handed-over token first; one that is not text never verifies; null is none', () => {
    const tokens = tokensWith();
    expect(tokens.of(input({ 'x-session-token': 'def' }, 'abc'))).toBe('abc');
    expect(tokens.of(input({}, 42))).toBe('\u0000');
    expect(tokens.of(input({}, null))).toBeUndefined();
  });

  it('a configured header name; header: false turns tokens off, handed-over ones too', () => {
    expect(tokensWith({ header: 'X-Auth-Token' }).of(input({ 'x-auth-token': 'a' }))).toBe('a');
    const off = tokensWith({ header: false });
    expect(off.of(input({ 'x-session-token': 'a' }, 'b'))).toBeUndefined();
    expect(off.responseHeader).toBeUndefined();
  });

  it('refuses a header name that means something else, and bearer without a header, naming the fix', () => {
    const resolve = (token: unknown) => () =>
      resolveSessionOptions({ secret: 's'.repeat(32), token } as never, Date.now());
    expect(resolve({ header: 'Cookie' })).toThrow(/token.header: must not be Cookie/);
    expect(resolve({ header: 'Authorization' })).toThrow(/set token.bearer: true/);
    expect(resolve({ header: 'off' })).toThrow(/or false for no header tokens/);
    expect(resolve({ name: 'X' })).toThrow(
      /token.name: is not an option \(allowed: header, bearer\)/,
    );
    expect(resolve({ header: 'bad header' })).toThrow(/token.header: must be a header name/);
    expect(resolve({ header: 'Origin' })).toThrow(/token.header: must not be Origin/);
    expect(resolve({ header: 'Sec-Fetch-Site' })).toThrow(/token.header: must not be/);
    expect(resolve({ header: false, bearer: true })).toThrow(/token.bearer: needs token.header/);
    expect(resolve({ bearer: 'yes' })).toThrow(/token.bearer/);
  });
});
