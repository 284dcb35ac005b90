import { registerAs, type ConfigType } from '@nestjs/config';
import type {
  ConsistentReadMode,
  DynamoSessionModuleOptions,
  LegacySessionOptions,
  SameSite,
  SessionEncryptionKey,
} from './dynamo-session.options.js';

/** Environment variables read by {@link dynamoSessionConfig}. */
type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A number, or the raw text when it is not one, so that validation names the variable's bad value. */
function wholeNumber(env: Env, name: string): number | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : (value as unknown as number);
}

function secure(env: Env): boolean | 'auto' | undefined {
  const value = text(env, 'SESSION_COOKIE_SECURE')?.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value as 'auto' | undefined;
}

/** `SESSION_CONSISTENT_READ`: `true`, `false` or `auto`; anything else stays text, which validation names. */
function consistentRead(env: Env): ConsistentReadMode | undefined {
  const value = text(env, 'SESSION_CONSISTENT_READ')?.toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value as 'auto' | undefined;
}

function list(env: Env, name: string): string[] | undefined {
  return text(env, name)
    ?.split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** `SESSION_ENCRYPTION_KEYS`: comma-separated `id:base64`; validation names a malformed entry. */
function encryptionKeys(env: Env): SessionEncryptionKey[] | undefined {
  return list(env, 'SESSION_ENCRYPTION_KEYS')?.map((entry) => {
    const colon = entry.indexOf(':');
    return colon < 0
      ? { id: entry, key: '' }
      : { id: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
  });
}

const LEGACY_DETAILS = ['SESSION_LEGACY_COOKIE', 'SESSION_LEGACY_SECRET', 'SESSION_LEGACY_PREFIX'];

/**
 * `SESSION_LEGACY_TABLE` turns the move from connect-dynamodb on; `SESSION_LEGACY_COOKIE`,
 * `SESSION_LEGACY_SECRET` (comma-separated; default `SESSION_SECRET`) and `SESSION_LEGACY_PREFIX` refine it.
 * Any of these without the table is an option without its table, which validation names.
 */
function legacy(env: Env): LegacySessionOptions | undefined {
  const tableName = text(env, 'SESSION_LEGACY_TABLE');
  if (tableName === undefined && !LEGACY_DETAILS.some((name) => text(env, name) !== undefined))
    return undefined;
  return {
    tableName: tableName as string,
    cookieName: text(env, 'SESSION_LEGACY_COOKIE'),
    secret: list(env, 'SESSION_LEGACY_SECRET'),
    prefix: text(env, 'SESSION_LEGACY_PREFIX'),
  };
}

/** Reads {@link DynamoSessionModuleOptions} from environment variables (see the README's table). */
export function sessionOptionsFromEnv(env: Env = process.env): DynamoSessionModuleOptions {
  const secrets = list(env, 'SESSION_SECRET');
  const keys = encryptionKeys(env);
  const threshold = wholeNumber(env, 'SESSION_COMPRESSION_THRESHOLD');
  const legacySessions = legacy(env);
  return {
    secret: secrets ?? [],
    tableName: text(env, 'SESSION_TABLE'),
    idleTimeout: wholeNumber(env, 'SESSION_IDLE_TIMEOUT'),
    absoluteTimeout: wholeNumber(env, 'SESSION_ABSOLUTE_TIMEOUT'),
    touchAfter: wholeNumber(env, 'SESSION_TOUCH_AFTER'),
    consistentRead: consistentRead(env),
    cookie: {
      name: text(env, 'SESSION_COOKIE_NAME'),
      secure: secure(env),
      sameSite: text(env, 'SESSION_COOKIE_SAMESITE')?.toLowerCase() as SameSite | undefined,
      domain: text(env, 'SESSION_COOKIE_DOMAIN'),
      path: text(env, 'SESSION_COOKIE_PATH'),
    },
    ...(keys === undefined ? {} : { encryption: { keys } }),
    ...(threshold === undefined ? {} : { compression: { threshold } }),
    notBefore: text(env, 'SESSION_NOT_BEFORE'),
    ...(legacySessions === undefined ? {} : { legacy: legacySessions }),
    endpoint: text(env, 'DYNAMODB_ENDPOINT'),
    region: text(env, 'AWS_REGION'),
  };
}

/**
 * The `dynamoSession` config namespace, read from the environment, so that
 * `DynamoSessionModule.forRootAsync(dynamoSessionConfig.asProvider())` needs no glue.
 */
export const dynamoSessionConfig = registerAs('dynamoSession', (): DynamoSessionModuleOptions =>
  sessionOptionsFromEnv(),
);

/** The type of the `dynamoSession` namespace, for `@Inject(dynamoSessionConfig.KEY)`. */
export type DynamoSessionConfig = ConfigType<typeof dynamoSessionConfig>;
