import { InvalidSessionOptionsError } from './invalid-session-options.error.js';
import { resolveSessionOptions } from './resolved-session-options.js';

const SECRET = 'a'.repeat(32);

function problemsOf(options: unknown): string[] {
  try {
    resolveSessionOptions(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSessionOptionsError);
    return [...(error as InvalidSessionOptionsError).problems];
  }
  throw new Error('expected the options to be rejected');
}

describe('resolveSessionOptions', () => {
  it('records device details by default; trackUserAgent, their older name, sets them when given alone', () => {
    const details = (options: object) =>
      resolveSessionOptions({ secret: SECRET, ...options }).deviceDetails;
    expect(details({})).toBe(true);
    expect(details({ deviceDetails: false })).toBe(false);
    expect(details({ trackUserAgent: false })).toBe(false);
    expect(details({ trackUserAgent: true })).toBe(true);
    expect(details({ trackUserAgent: true, deviceDetails: true })).toBe(true);
    expect(problemsOf({ secret: SECRET, trackUserAgent: true, deviceDetails: false })).toEqual([
      'deviceDetails: contradicts trackUserAgent, its older name: give only deviceDetails (got false)',
    ]);
    expect(problemsOf({ secret: SECRET, deviceDetails: 'yes' })).toEqual([
      'deviceDetails: must be true or false (got "yes")',
    ]);
  });

  it('applies secure, documented defaults', () => {
    const options = resolveSessionOptions({ secret: SECRET });
    expect(options).toMatchObject({
      secrets: [SECRET],
      tableName: 'sessions',
      keyAttribute: 'id',
      expiresAttribute: 'expires',
      dataAttribute: 'data',
      idleTimeout: 14 * 86_400,
      absoluteTimeout: 30 * 86_400,
      touchAfter: 3600,
      saveUninitialized: false,
      consistentRead: 'auto',
    });
    expect(options.cookie).toMatchObject({
      name: 'sid',
      path: '/',
      secure: 'auto',
      httpOnly: true,
      sameSite: 'lax',
      persistent: true,
    });
    expect(options.cookie.domain).toBeUndefined();
  });

  it('derives touchAfter from a short idle timeout (a tenth of it)', () => {
    expect(resolveSessionOptions({ secret: SECRET, idleTimeout: 600 }).touchAfter).toBe(60);
  });

  it('keeps a list of secrets in order (first signs, all verify)', () => {
    const next = 'b'.repeat(40);
    expect(resolveSessionOptions({ secret: [next, SECRET] }).secrets).toEqual([next, SECRET]);
  });

  it('treats undefined values as "use the default"', () => {
    const options = resolveSessionOptions({
      secret: SECRET,
      tableName: undefined,
      cookie: { name: undefined },
    });
    expect(options.tableName).toBe('sessions');
    expect(options.cookie.name).toBe('sid');
  });

  it('names every bad field in one error, with what is allowed', () => {
    const problems = problemsOf({
      secret: 'short',
      idleTimeout: -5,
      absoluteTimeout: 1.5,
      cookie: { sameSite: 'loose', secure: 'yes' },
      tableName: 'x',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/^secret: must each be at least 32 characters long$/m);
    expect(text).toMatch(/^idleTimeout: must be at least 1 \(second\) \(got -5\)$/m);
    expect(text).toMatch(/^absoluteTimeout: must be a whole number of seconds \(got 1.5\)$/m);
    expect(text).toMatch(/^cookie.sameSite: must be one of lax, strict, none \(got "loose"\)$/m);
    expect(text).toMatch(/^cookie.secure: must be true, false or "auto" \(got "yes"\)$/m);
    expect(text).toMatch(/^tableName: must be 3 to 255/m);
  });

  it('never echoes a secret in its message', () => {
    const secret = 'too-short-but-secret';
    const problems = problemsOf({ secret });
    expect(problems.join('\n')).not.toContain(secret);
  });

  it('requires a secret', () => {
    expect(problemsOf({})).toEqual([
      'secret: is required: one secret of at least 32 characters, or a list of them (env SESSION_SECRET, comma-separated)',
    ]);
    expect(problemsOf({ secret: [] })).toEqual([
      'secret: is required: one secret of at least 32 characters, or a list of them (env SESSION_SECRET, comma-separated)',
    ]);
  });

  it('rejects touchAfter that is not below idleTimeout', () => {
    expect(problemsOf({ secret: SECRET, idleTimeout: 60, touchAfter: 60 })).toEqual([
      'touchAfter: must be less than idleTimeout (60), or a session could expire before it is extended (got 60)',
    ]);
  });

  it('enforces the rules of __Host- and SameSite=None cookies', () => {
    expect(
      problemsOf({
        secret: SECRET,
        cookie: { name: '__Host-sid', path: '/app', domain: 'example.com' },
      }),
    ).toEqual([
      'cookie.secure: must be true for a "__Host-" cookie name',
      'cookie.path: must be "/" for a "__Host-" cookie name',
      'cookie.domain: must not be set for a "__Host-" cookie name',
    ]);
    expect(problemsOf({ secret: SECRET, cookie: { sameSite: 'none' } })).toEqual([
      'cookie.secure: must be true when cookie.sameSite is "none" (browsers drop SameSite=None cookies without Secure)',
    ]);
    expect(
      resolveSessionOptions({ secret: SECRET, cookie: { name: '__Host-sid', secure: true } }).cookie
        .name,
    ).toBe('__Host-sid');
  });

  it('matches the __Host- and __Secure- prefixes case-insensitively, as browsers do', () => {
    expect(problemsOf({ secret: SECRET, cookie: { name: '__HOST-sid', path: '/app' } })).toEqual([
      'cookie.secure: must be true for a "__Host-" cookie name',
      'cookie.path: must be "/" for a "__Host-" cookie name',
    ]);
    expect(problemsOf({ secret: SECRET, cookie: { name: '__secure-sid' } })).toEqual([
      'cookie.secure: must be true for a "__Secure-" cookie name',
    ]);
  });

  it('rejects unknown options (a typo must not silently fall back to a default)', () => {
    expect(problemsOf({ secret: SECRET, idleTimeOut: 5, cookie: { maxAge: 5 } })).toEqual([
      'idleTimeOut: is not an option (see DynamoSessionModuleOptions)',
      'cookie.maxAge: is not a cookie option (see SessionCookieOptions)',
    ]);
  });

  it('applies the table layout rules the table tools apply (one home for both)', () => {
    expect(problemsOf({ secret: SECRET, keyAttribute: 'userId' })).toEqual([
      `keyAttribute: cannot be "userId", the user index's key`,
    ]);
    expect(problemsOf({ secret: SECRET, keyAttribute: 'pk', expiresAttribute: 'pk' })).toEqual([
      'expiresAttribute: must differ from keyAttribute',
    ]);
  });

  it('rejects a client that is not an AWS SDK v3 client', () => {
    expect(problemsOf({ secret: SECRET, client: {} })).toEqual([
      'client: must be a DynamoDBClient or DynamoDBDocumentClient from the AWS SDK v3',
    ]);
  });

  it('rejects a cookie name that is not a token', () => {
    expect(problemsOf({ secret: SECRET, cookie: { name: 'my session' } })[0]).toMatch(
      /^cookie.name: must be a cookie name token/,
    );
  });
});

describe('resolveSessionOptions: legacy (the move from connect-dynamodb)', () => {
  it("applies connect-dynamodb's and express-session's defaults, and the module's secret", () => {
    const { legacy } = resolveSessionOptions({ secret: SECRET, legacy: { tableName: 'old' } });
    expect(legacy).toEqual({
      tableName: 'old',
      keyAttribute: 'id',
      prefix: 'sess:',
      cookieName: 'connect.sid',
      cookiePath: '/',
      cookieDomain: undefined,
      secrets: [SECRET],
    });
  });

  it('takes its own secrets, however short express-session allowed them', () => {
    const { legacy } = resolveSessionOptions({
      secret: SECRET,
      legacy: { tableName: 'old', secret: ['new', 'old'], prefix: '' },
    });
    expect(legacy).toMatchObject({ secrets: ['new', 'old'], prefix: '' });
  });

  it('is off by default', () => {
    expect(resolveSessionOptions({ secret: SECRET }).legacy).toBeUndefined();
  });

  it.each([
    [{}, /^legacy\.tableName: is required to migrate from connect-dynamodb/],
    [{ tableName: 'x' }, /^legacy\.tableName: is required .* \(got "x"\)/],
    [{ tableName: 'old', cookieName: 'sid' }, /^legacy\.cookieName: must differ from cookie\.name/],
    [{ tableName: 'old', cookieName: 'a b' }, /^legacy\.cookieName: must be express-session's/],
    [{ tableName: 'old', secret: [] }, /^legacy\.secret: must be a secret or a list of them/],
    [{ tableName: 'old', secret: [''] }, /^legacy\.secret: must be non-empty strings/],
    [{ tableName: 'old', table: 'old' }, /^legacy\.table: is not an option \(allowed: tableName,/],
    [{ tableName: 'old', cookiePath: 'x' }, /^legacy\.cookiePath: must start with "\/"/],
    [{ tableName: 'old', keyAttribute: '' }, /^legacy\.keyAttribute: must be a non-empty string/],
    ['old', /^legacy: must be an object/],
  ])('refuses %j, naming the fix', (legacy, message) => {
    const problems = problemsOf({ secret: SECRET, legacy });
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('never echoes a legacy secret', () => {
    const problems = problemsOf({ secret: SECRET, legacy: { tableName: 'old', secret: [''] } });
    expect(problems.join('\n')).not.toContain('got');
  });
});
