import { resolveSessionOptions } from './resolved-session-options.js';
import { InvalidSessionOptionsError } from './invalid-session-options.error.js';
import { sessionOptionsFromEnv } from './dynamo-session.config.js';

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

  it('reports a missing SESSION_SECRET', () => {
    expect(() => resolveSessionOptions(sessionOptionsFromEnv({}))).toThrow(
      InvalidSessionOptionsError,
    );
  });
});
