import { isCookieDomain, isCookieName, isCookiePath } from './cookie-attribute-rules.js';
import type { CookiePriority, SameSite } from './dynamo-session.options.js';
import { lowerCase, text, trueFalseOrText } from './environment-variables.js';
import { isBoolean, oneOf } from './option-checks.js';
import { option, type ResolvedOptions } from './option-definition.js';
import { group } from './option-group.js';

const SAME_SITE_VALUES: readonly SameSite[] = ['lax', 'strict', 'none'];
const PRIORITY_VALUES: readonly CookiePriority[] = ['low', 'medium', 'high'];

/** The options of the session cookie (`SessionCookieOptions`), one definition each. */
export const COOKIE_OPTIONS = {
  name: option({
    default: 'sid',
    checks: [isCookieName()],
    env: text('SESSION_COOKIE_NAME'),
  }),
  path: option({
    default: '/',
    checks: [isCookiePath],
    env: text('SESSION_COOKIE_PATH'),
  }),
  domain: option<string | undefined>({
    default: undefined,
    documentedDefault: 'none',
    checks: [isCookieDomain],
    env: text('SESSION_COOKIE_DOMAIN'),
  }),
  secure: option<boolean | 'auto'>({
    default: 'auto',
    checks: [oneOf([true, false, 'auto'], 'must be true, false or "auto"')],
    env: trueFalseOrText('SESSION_COOKIE_SECURE'),
  }),
  httpOnly: option({ default: true, checks: [isBoolean] }),
  sameSite: option<SameSite>({
    default: 'lax',
    checks: [oneOf(SAME_SITE_VALUES, `must be one of ${SAME_SITE_VALUES.join(', ')}`)],
    env: lowerCase('SESSION_COOKIE_SAMESITE'),
  }),
  persistent: option({ default: true, checks: [isBoolean] }),
  partitioned: option({ default: false, checks: [isBoolean] }),
  priority: option<CookiePriority | undefined>({
    default: undefined,
    documentedDefault: 'none',
    checks: [oneOf(PRIORITY_VALUES, `must be one of ${PRIORITY_VALUES.join(', ')}`)],
  }),
};

/** Cookie options after defaults, as validated at boot. */
export type ResolvedCookieOptions = ResolvedOptions<typeof COOKIE_OPTIONS>;

/** The rules between the cookie's attributes that browsers enforce by dropping the cookie. */
function cookieProblems(cookie: ResolvedCookieOptions): string[] {
  const problems: string[] = [];
  if (cookie.sameSite === 'none' && cookie.secure !== true) {
    problems.push(
      'cookie.secure: must be true when cookie.sameSite is "none" (browsers drop SameSite=None cookies without Secure)',
    );
  }
  // Browsers match the prefixes case-insensitively (so must we: `__HOST-sid` is a __Host- cookie).
  const name = String(cookie.name).toLowerCase();
  if (name.startsWith('__host-')) {
    if (cookie.secure !== true)
      problems.push('cookie.secure: must be true for a "__Host-" cookie name');
    if (cookie.path !== '/') problems.push('cookie.path: must be "/" for a "__Host-" cookie name');
    if (cookie.domain !== undefined)
      problems.push('cookie.domain: must not be set for a "__Host-" cookie name');
  } else if (name.startsWith('__secure-') && cookie.secure !== true) {
    problems.push('cookie.secure: must be true for a "__Secure-" cookie name');
  }
  if (cookie.partitioned && cookie.secure !== true) {
    problems.push(
      'cookie.secure: must be true when cookie.partitioned is true (browsers drop Partitioned cookies without Secure)',
    );
  }
  return problems;
}

/** The `cookie` option: an object of {@link COOKIE_OPTIONS}, each at its default when not given. */
export const COOKIE_OPTION = group({
  fields: COOKIE_OPTIONS,
  shape: 'an object (see SessionCookieOptions)',
  unknownKey: 'is not a cookie option (see SessionCookieOptions)',
  rules: cookieProblems,
});
