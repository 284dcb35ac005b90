import { stringifySetCookie } from 'cookie';
import { resolveSessionOptions } from '../options/resolved-session-options.js';
import { cookieAttributes } from './cookie-attributes.js';
import { SetCookieTemplate } from './set-cookie-template.js';

type CookieInput = NonNullable<NonNullable<Parameters<typeof resolveSessionOptions>[0]>['cookie']>;

const SECRET = 's'.repeat(32);
const NOW = Date.UTC(2026, 11, 5, 23, 30, 0, 250);
/** What the cookies hold: a signed id and mark, with the characters a signature brings (+, /). */
const VALUE =
  'zaXjnvUl1CT2mcqcQPiUP08VQ2CbrZfzE6Wy7KswTOk.mxb1c2kl.HOZq/cOp79F9+QG0BK2OY34LQIGaOhBdbf6';

const COOKIES: Record<string, CookieInput> = {
  defaults: {},
  'domain and path': { domain: 'example.com', path: '/app' },
  'secure, partitioned, priority': { secure: true, partitioned: true, priority: 'high' },
  'SameSite=None': { sameSite: 'none', secure: true },
  'strict, not HttpOnly': { sameSite: 'strict', httpOnly: false },
};

describe('SetCookieTemplate', () => {
  for (const [name, cookie] of Object.entries(COOKIES)) {
    for (const https of [false, true]) {
      it(`formats what cookie's stringifySetCookie does: ${name}, ${https ? 'HTTPS' : 'HTTP'}`, () => {
        const options = resolveSessionOptions({ secret: SECRET, cookie }).cookie;
        const template = new SetCookieTemplate(options.name, options, https);
        const attributes = cookieAttributes(options, https);
        // A lifetime rounded up to the second, and one already over.
        for (const expiresAt of [NOW + 1_209_600_000 - 1, NOW - 5000]) {
          expect(template.format(VALUE, { expiresAt, now: NOW })).toBe(
            stringifySetCookie(options.name, VALUE, {
              ...attributes,
              maxAge: Math.max(0, Math.ceil((expiresAt - NOW) / 1000)),
              expires: new Date(expiresAt),
            }),
          );
        }
        expect(template.format(VALUE)).toBe(stringifySetCookie(options.name, VALUE, attributes));
      });
    }
  }
});
