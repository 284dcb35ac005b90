import { resolveSessionOptions } from './resolved-session-options.js';
import { InvalidSessionOptionsError } from './invalid-session-options.error.js';
import { sessionOptionsFromEnv } from './session-options-from-env.js';

const SECRET = 's'.repeat(32);

describe('sessionOptionsFromEnv', () => {
  it('reads every documented variable', () => {
    const options = resolveSessionOptions(
      sessionOptionsFromEnv({
        SESSION_TABLE: 'app-sessions',
        SESSION_SECRET: ` ${SECRET} , ${'t'.repeat(32)} `,
        SESSION_IDLE_TIMEOUT: '600',
        SESSION_ABSOLUTE_TIMEOUT: '3600',
        SESSION_TOUCH_AFTER: '30',
        SESSION_COOKIE_NAME: '__Host-sid',
        SESSION_COOKIE_SECURE: 'true',
        SESSION_COOKIE_SAMESITE: 'Strict',
        SESSION_COOKIE_PATH: '/',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
        AWS_REGION: 'eu-west-1',
      }),
    );
    expect(options).toMatchObject({
      tableName: 'app-sessions',
      secrets: [SECRET, 't'.repeat(32)],
      idleTimeout: 600,
      absoluteTimeout: 3600,
      touchAfter: 30,
      endpoint: 'http://127.0.0.1:8000',
      region: 'eu-west-1',
    });
    expect(options.cookie).toMatchObject({
      name: '__Host-sid',
      secure: true,
      sameSite: 'strict',
      path: '/',
    });
  });

  it('falls back to the defaults for unset or empty variables', () => {
    const options = resolveSessionOptions(
      sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_TABLE: '' }),
    );
    expect(options.tableName).toBe('sessions');
    expect(options.cookie.secure).toBe('auto');
  });

  it('lets validation name a variable that is not a number', () => {
    expect(() =>
      resolveSessionOptions(
        sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_IDLE_TIMEOUT: '2h' }),
      ),
    ).toThrow(/idleTimeout: must be a whole number of seconds \(got "2h"\)/);
  });

  it('reads SESSION_CONSISTENT_READ as true, false or auto, and names the allowed values otherwise', () => {
    const mode = (value: string) =>
      resolveSessionOptions(
        sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_CONSISTENT_READ: value }),
      ).consistentRead;
    expect(mode('true')).toBe(true);
    expect(mode('FALSE')).toBe(false);
    expect(mode(' auto ')).toBe('auto');
    expect(() => mode('eventual')).toThrow(
      /consistentRead: must be true, false or "auto" \(env SESSION_CONSISTENT_READ: true, false or auto\) \(got "eventual"\)/,
    );
  });

  it('reads SESSION_DEVICE_DETAILS as true or false, and names the allowed values otherwise', () => {
    const details = (value: string) =>
      resolveSessionOptions(
        sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_DEVICE_DETAILS: value }),
      ).deviceDetails;
    expect(details('false')).toBe(false);
    expect(details(' TRUE ')).toBe(true);
    expect(() => details('no')).toThrow(/deviceDetails: must be true or false \(got "no"\)/);
  });

  it('reports a missing SESSION_SECRET', () => {
    expect(() => resolveSessionOptions(sessionOptionsFromEnv({}))).toThrow(
      InvalidSessionOptionsError,
    );
  });

  it('reads SESSION_ENCRYPTION_KEYS, SESSION_COMPRESSION_THRESHOLD and SESSION_NOT_BEFORE', () => {
    const first = Buffer.alloc(32, 1);
    const second = Buffer.alloc(32, 2);
    const options = resolveSessionOptions(
      sessionOptionsFromEnv({
        SESSION_SECRET: SECRET,
        SESSION_ENCRYPTION_KEYS: ` k2:${first.toString('base64')} , k1:${second.toString('base64url')}`,
        SESSION_COMPRESSION_THRESHOLD: '1024',
        SESSION_NOT_BEFORE: '1700000000',
      }),
    );
    expect(options.encryption?.keys).toEqual([
      { id: 'k2', key: first },
      { id: 'k1', key: second },
    ]);
    expect(options.compression).toEqual({ threshold: 1024 });
    expect(options.notBefore).toBe(1_700_000_000_000);
    const iso = resolveSessionOptions(
      sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_NOT_BEFORE: '2024-03-01T10:00:00Z' }),
    );
    expect(iso.notBefore).toBe(Date.UTC(2024, 2, 1, 10));
    const off = resolveSessionOptions(sessionOptionsFromEnv({ SESSION_SECRET: SECRET }));
    expect([off.encryption, off.compression, off.notBefore]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    [
      'SESSION_ENCRYPTION_KEYS',
      'k1',
      /encryption\.keys\[0\]\.key \(id "k1"\): must be 32 random bytes/,
    ],
    [
      'SESSION_ENCRYPTION_KEYS',
      `k1:${Buffer.alloc(16, 7).toString('base64')}`,
      /must be 32 random bytes, or their base64 \(got 16 bytes\)/,
    ],
    [
      'SESSION_ENCRYPTION_KEYS',
      `a b:${Buffer.alloc(32).toString('base64')}`,
      /encryption\.keys\[0\]\.id: must be 1 to 32 letters/,
    ],
    [
      'SESSION_ENCRYPTION_KEYS',
      `k:${Buffer.alloc(32).toString('base64')},k:${Buffer.alloc(32).toString('base64')}`,
      /"k" is used by two keys/,
    ],
    [
      'SESSION_COMPRESSION_THRESHOLD',
      '1kb',
      /compression\.threshold: must be a whole number of bytes/,
    ],
    [
      'SESSION_NOT_BEFORE',
      'yesterday',
      /notBefore: must be a Date, whole epoch seconds, or an ISO 8601 date/,
    ],
    ['SESSION_NOT_BEFORE', '4102444800', /notBefore: must not be in the future/],
  ])('names a bad %s (%s) without echoing a key', (name, value, message) => {
    const run = () =>
      resolveSessionOptions(sessionOptionsFromEnv({ SESSION_SECRET: SECRET, [name]: value }));
    expect(run).toThrow(message);
    const key = value.split(':')[1];
    if (key !== undefined) expect(run).not.toThrow(key);
  });

  it('validates cookie.partitioned (requires secure) and cookie.priority', () => {
    const options = resolveSessionOptions({
      secret: SECRET,
      cookie: { partitioned: true, secure: true, priority: 'high' },
    });
    expect(options.cookie).toMatchObject({ partitioned: true, priority: 'high' });
    expect(() => resolveSessionOptions({ secret: SECRET, cookie: { partitioned: true } })).toThrow(
      /cookie\.secure: must be true when cookie\.partitioned is true/,
    );
    expect(() =>
      resolveSessionOptions({ secret: SECRET, cookie: { priority: 'urgent' as 'high' } }),
    ).toThrow(/cookie\.priority: must be one of low, medium, high/);
  });

  it('rejects unknown fields of encryption and compression, and both keys and keyProvider', () => {
    const keys = [{ id: 'k', key: Buffer.alloc(32) }];
    expect(() =>
      resolveSessionOptions({
        secret: SECRET,
        encryption: { keys, keyProvider: () => keys, key: 'x' } as never,
        compression: { threshold: 10, level: 9 } as never,
      }),
    ).toThrow(
      /encryption\.key: is not an option[\s\S]*give keys or keyProvider, not both[\s\S]*compression\.level: is not an option/,
    );
  });
});

describe('sessionOptionsFromEnv: the move from connect-dynamodb', () => {
  it('is off without SESSION_LEGACY_TABLE', () => {
    expect(sessionOptionsFromEnv({ SESSION_SECRET: SECRET }).legacy).toBeUndefined();
  });

  it('SESSION_LEGACY_TABLE turns it on, with the defaults and SESSION_SECRET', () => {
    const options = resolveSessionOptions(
      sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_LEGACY_TABLE: 'old-sessions' }),
    );
    expect(options.legacy).toMatchObject({
      tableName: 'old-sessions',
      cookieName: 'connect.sid',
      prefix: 'sess:',
      secrets: [SECRET],
    });
  });

  it('reads SESSION_LEGACY_COOKIE, SESSION_LEGACY_SECRET (comma-separated) and SESSION_LEGACY_PREFIX', () => {
    const options = resolveSessionOptions(
      sessionOptionsFromEnv({
        SESSION_SECRET: SECRET,
        SESSION_LEGACY_TABLE: 'old-sessions',
        SESSION_LEGACY_COOKIE: 'app.sid',
        SESSION_LEGACY_SECRET: 'new-one, old-one',
        SESSION_LEGACY_PREFIX: 'app:',
      }),
    );
    expect(options.legacy).toMatchObject({
      cookieName: 'app.sid',
      secrets: ['new-one', 'old-one'],
      prefix: 'app:',
    });
  });

  it('names the missing table when only the other variables are set', () => {
    expect(() =>
      resolveSessionOptions(
        sessionOptionsFromEnv({ SESSION_SECRET: SECRET, SESSION_LEGACY_COOKIE: 'app.sid' }),
      ),
    ).toThrow(/legacy\.tableName: is required .*\(env SESSION_LEGACY_TABLE\)/);
  });
});
