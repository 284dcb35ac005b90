import {
  ArrayNotEmpty,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  validateSync,
} from 'class-validator';
import {
  COOKIE_DOMAIN_PATTERN,
  COOKIE_DOMAIN_RULE,
  COOKIE_NAME_PATTERN,
  COOKIE_NAME_RULE,
  COOKIE_PATH_PATTERN,
  COOKIE_PATH_RULE,
} from './cookie-attribute-rules.js';
import type { LegacySessionOptions } from './dynamo-session.options.js';
import { TABLE_NAME_PATTERN, TABLE_NAME_RULE } from '../table/session-table.constants.js';

const KNOWN = [
  'tableName',
  'keyAttribute',
  'prefix',
  'cookieName',
  'cookiePath',
  'cookieDomain',
  'secret',
] as const;

/** `legacy` after defaults, as validated at boot (connect-dynamodb's and express-session's defaults). */
export class ResolvedLegacyOptions {
  @Matches(TABLE_NAME_PATTERN, {
    message: `is required to migrate from connect-dynamodb: its table, ${TABLE_NAME_RULE} (env SESSION_LEGACY_TABLE)`,
  })
  tableName = '';

  @IsString({ message: 'must be a non-empty string (connect-dynamodb hashKey)' })
  @MinLength(1, { message: 'must be a non-empty string (connect-dynamodb hashKey)' })
  keyAttribute = 'id';

  @IsString({ message: 'must be a string (connect-dynamodb prefix; env SESSION_LEGACY_PREFIX)' })
  prefix = 'sess:';

  @Matches(COOKIE_NAME_PATTERN, {
    message: `must be express-session's cookie name, ${COOKIE_NAME_RULE} (env SESSION_LEGACY_COOKIE)`,
  })
  cookieName = 'connect.sid';

  @Matches(COOKIE_PATH_PATTERN, { message: COOKIE_PATH_RULE })
  cookiePath = '/';

  @IsOptional()
  @Matches(COOKIE_DOMAIN_PATTERN, { message: COOKIE_DOMAIN_RULE })
  cookieDomain?: string = undefined;

  /** Every secret express-session verified with; the module's own secrets when none is given. */
  @IsArray({ message: 'must be a secret or a list of them (env SESSION_LEGACY_SECRET)' })
  @ArrayNotEmpty({ message: 'must be a secret or a list of them (env SESSION_LEGACY_SECRET)' })
  @IsString({ each: true, message: 'must be non-empty strings (env SESSION_LEGACY_SECRET)' })
  @MinLength(1, { each: true, message: 'must be non-empty strings (env SESSION_LEGACY_SECRET)' })
  secrets: string[] = [];
}

/**
 * `legacy` checked against what it moves from: each problem as `legacy.field: what it must be`.
 * `ourSecrets` are the default secrets, `ourCookieName` the name the legacy cookie must not share
 * (clearing it would clear ours).
 */
export function resolveLegacyOptions(
  given: unknown,
  ourSecrets: readonly string[],
  ourCookieName: string,
): { value?: ResolvedLegacyOptions; problems: string[] } {
  if (given === undefined) return { problems: [] };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    return {
      problems: ['legacy: must be an object { tableName, cookieName?, secret?, prefix?, ... }'],
    };
  }
  const problems = Object.keys(given)
    .filter((key) => !(KNOWN as readonly string[]).includes(key))
    .map((key) => `legacy.${key}: is not an option (allowed: ${KNOWN.join(', ')})`);
  const { secret, ...rest } = given as LegacySessionOptions;
  const options = new ResolvedLegacyOptions();
  for (const key of KNOWN) {
    const value = (rest as Record<string, unknown>)[key];
    if (key !== 'secret' && value !== undefined)
      (options as unknown as Record<string, unknown>)[key] = value;
  }
  const secrets =
    secret === undefined ? ourSecrets : typeof secret === 'string' ? [secret] : secret;
  options.secrets = Array.isArray(secrets) ? [...(secrets as string[])] : (secrets as string[]);
  for (const error of validateSync(options, { forbidUnknownValues: false })) {
    // Never echo a secret back into logs.
    const path = error.property === 'secrets' ? 'secret' : error.property;
    const got = path === 'secret' ? '' : ` (got ${JSON.stringify(error.value)})`;
    for (const text of Object.values(error.constraints ?? {}))
      problems.push(`legacy.${path}: ${text}${got}`);
  }
  if (options.cookieName === ourCookieName) {
    problems.push(
      `legacy.cookieName: must differ from cookie.name ("${ourCookieName}"): clearing the legacy cookie would clear the new one`,
    );
  }
  return problems.length > 0 ? { problems } : { value: options, problems };
}
