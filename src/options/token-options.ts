import { trueFalseOrText, type EnvVariable } from './environment-variables.js';
import { isBoolean } from './option-checks.js';
import { option, type Check, type ResolvedOptions } from './option-definition.js';
import { group } from './option-group.js';

/** An HTTP header name: an RFC 9110 token. */
const HEADER_NAME_PATTERN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Headers that mean something else to browsers, proxies or this library (a browser sending one on
 * every request would make every browser a header client): never a session header. So are `sec-*`.
 */
const TAKEN_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'host',
  'origin',
  'referer',
  'user-agent',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'content-length',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-csrf-token',
]);

/** Values that look like a switch rather than a header name: `false` is the one that turns tokens off. */
const SWITCH_WORDS: ReadonlySet<string> = new Set([
  'off',
  'on',
  'no',
  'yes',
  'none',
  'true',
  '0',
  '1',
]);

/** How to fix a bad `token.header`, for its messages. */
const HEADER_FIX =
  'use a header of your own such as X-Session-Token, or false for no header tokens (env SESSION_TOKEN_HEADER)';

/** `token.header`: a header name no one else uses, or `false` (no header tokens). */
const isSessionHeader: Check = (value) => {
  if (value === false) return undefined;
  if (typeof value !== 'string' || !HEADER_NAME_PATTERN.test(value))
    return `must be a header name (letters, digits and !#$%&'*+-.^_\`|~): ${HEADER_FIX}`;
  const name = value.toLowerCase();
  if (name === 'authorization')
    return 'must not be Authorization: set token.bearer: true to take Authorization: Bearer tokens (env SESSION_TOKEN_BEARER)';
  if (TAKEN_HEADERS.has(name) || name.startsWith('sec-'))
    return `must not be ${value}, which browsers or proxies use for something else: ${HEADER_FIX}`;
  return SWITCH_WORDS.has(name) ? `must not be ${value}: ${HEADER_FIX}` : undefined;
};

/** `SESSION_TOKEN_HEADER`: a header name as written, or `false` (no header tokens). */
const headerVariable: EnvVariable = {
  name: 'SESSION_TOKEN_HEADER',
  read: (value) => (value.toLowerCase() === 'false' ? false : value),
};

/** The options of header tokens (`SessionTokenOptions`), one definition each. */
export const TOKEN_OPTIONS = {
  header: option<string | false>({
    default: 'X-Session-Token',
    checks: [isSessionHeader],
    env: headerVariable,
  }),
  bearer: option({
    default: false,
    checks: [isBoolean],
    env: trueFalseOrText('SESSION_TOKEN_BEARER'),
  }),
};

/** Header-token options after defaults, as validated at boot. */
export type ResolvedTokenOptions = ResolvedOptions<typeof TOKEN_OPTIONS>;

/** The `token` option: an object of {@link TOKEN_OPTIONS}, each at its default when not given. */
export const TOKEN_OPTION = group({
  fields: TOKEN_OPTIONS,
  shape: 'an object (see SessionTokenOptions)',
  rules: (token) =>
    token.bearer === true && token.header === false
      ? [
          'token.bearer: needs token.header (the response header that carries a new token); set token.header to a header name',
        ]
      : [],
});
