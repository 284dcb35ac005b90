import { isCookieDomain, isCookieName, isCookiePath } from './cookie-attribute-rules.js';
import { commaSeparated, text } from './environment-variables.js';
import { each, isNonEmptyList, isNonEmptyString, isString, matches } from './option-checks.js';
import { asList, option, type ResolvedOptions } from './option-definition.js';
import { optionalGroup } from './option-group.js';
import { TABLE_NAME_PATTERN, TABLE_NAME_RULE } from '../table/session-table.constants.js';

const tableName = text('SESSION_LEGACY_TABLE');
const cookieName = text('SESSION_LEGACY_COOKIE');
const secret = commaSeparated('SESSION_LEGACY_SECRET');
const prefix = text('SESSION_LEGACY_PREFIX');

/**
 * The options of `legacy` (`LegacySessionOptions`): connect-dynamodb's and express-session's, with
 * their defaults. `SESSION_LEGACY_TABLE` turns the move on; any other variable without it is an option
 * without its table, which validation names.
 */
export const LEGACY_OPTIONS = {
  tableName: option({
    default: '',
    required: true,
    checks: [
      matches(
        TABLE_NAME_PATTERN,
        `is required to migrate from connect-dynamodb: its table, ${TABLE_NAME_RULE} (env ${tableName.name})`,
      ),
    ],
    env: tableName,
  }),
  keyAttribute: option({
    default: 'id',
    checks: [isNonEmptyString('must be a non-empty string (connect-dynamodb hashKey)')],
  }),
  prefix: option({
    default: 'sess:',
    checks: [isString(`must be a string (connect-dynamodb prefix; env ${prefix.name})`)],
    env: prefix,
  }),
  cookieName: option({
    default: 'connect.sid',
    checks: [
      isCookieName(
        (rule) => `must be express-session's cookie name, ${rule} (env ${cookieName.name})`,
      ),
    ],
    env: cookieName,
  }),
  cookiePath: option({ default: '/', checks: [isCookiePath] }),
  cookieDomain: option<string | undefined>({
    default: undefined,
    checks: [isCookieDomain],
  }),
  /** Every secret express-session verified with, any length; the module's own secrets when none is given. */
  secret: {
    ...option<string[]>({
      default: [],
      defaultFrom: ({ earlier }) => [...(earlier['secrets'] as string[])],
      from: asList,
      echo: false,
      checks: [
        isNonEmptyList(`must be a secret or a list of them (env ${secret.name})`),
        each(isNonEmptyString(`must be non-empty strings (env ${secret.name})`)),
      ],
      env: secret,
    }),
    resolvedAs: 'secrets' as const,
  },
};

/** `legacy` after defaults, as validated at boot (connect-dynamodb's and express-session's defaults). */
export type ResolvedLegacyOptions = ResolvedOptions<typeof LEGACY_OPTIONS>;

/**
 * The `legacy` option: off unless given. The legacy cookie must not share the module's cookie name
 * (clearing it would clear ours).
 */
export const LEGACY_OPTION = optionalGroup({
  fields: LEGACY_OPTIONS,
  shape: 'an object { tableName, cookieName?, secret?, prefix?, ... }',
  rules(legacy, { earlier }) {
    const ours = (earlier['cookie'] as { name: unknown }).name;
    return legacy.cookieName === ours
      ? [
          `legacy.cookieName: must differ from cookie.name ("${String(ours)}"): clearing the legacy cookie would clear the new one`,
        ]
      : [];
  },
});
