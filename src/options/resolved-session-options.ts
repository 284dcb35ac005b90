import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ConsistentReadMode,
  CookiePriority,
  DynamoSessionModuleOptions,
  SameSite,
  SessionCookieOptions,
  SessionEncryptionOptions,
} from './dynamo-session.options.js';
import type { Session } from '../session/session.js';
import {
  COOKIE_DOMAIN_PATTERN,
  COOKIE_DOMAIN_RULE,
  COOKIE_NAME_PATTERN,
  COOKIE_NAME_RULE,
  COOKIE_PATH_PATTERN,
  COOKIE_PATH_RULE,
} from './cookie-attribute-rules.js';
import { InvalidSessionOptionsError } from './invalid-session-options.error.js';
import { resolveLegacyOptions, type ResolvedLegacyOptions } from './resolved-legacy-options.js';
import { resolveEncryptionKeys, type EncryptionKey } from './session-encryption-keys.js';
import {
  DEFAULT_DATA_ATTRIBUTE,
  DEFAULT_EXPIRES_ATTRIBUTE,
  DEFAULT_KEY_ATTRIBUTE,
  DEFAULT_TABLE_NAME,
  DEFAULT_USER_INDEX_NAME,
  TABLE_NAME_PATTERN,
  TABLE_NAME_RULE,
} from '../table/session-table.constants.js';
import { sessionTableLayoutProblems } from '../table/session-table-layout-rules.js';

const SAME_SITE_VALUES: readonly SameSite[] = ['lax', 'strict', 'none'];
const CONSISTENT_READ_MODES: ConsistentReadMode[] = [true, false, 'auto'];
const PRIORITY_VALUES: readonly CookiePriority[] = ['low', 'medium', 'high'];
/** How far in the future `notBefore` may be (clock skew between the machine that set it and this one). */
const NOT_BEFORE_SKEW_MS = 60_000;
const DAY = 86_400;
/** DynamoDB's item size limit: 400 KB. */
const MAX_ITEM_SIZE = 400 * 1024;
/** About 100 years: far beyond any sensible session, small enough to stay exact in milliseconds. */
const MAX_TIMEOUT = 100 * 365 * DAY;

/** Cookie options after defaults, as validated at boot. */
export class ResolvedCookieOptions {
  @Matches(COOKIE_NAME_PATTERN, { message: `must be ${COOKIE_NAME_RULE}` })
  name = 'sid';

  @Matches(COOKIE_PATH_PATTERN, { message: COOKIE_PATH_RULE })
  path = '/';

  @IsOptional()
  @Matches(COOKIE_DOMAIN_PATTERN, { message: COOKIE_DOMAIN_RULE })
  domain?: string = undefined;

  @IsIn([true, false, 'auto'], { message: 'must be true, false or "auto"' })
  secure: boolean | 'auto' = 'auto';

  @IsBoolean({ message: 'must be true or false' })
  httpOnly = true;

  @IsIn(SAME_SITE_VALUES as SameSite[], {
    message: `must be one of ${SAME_SITE_VALUES.join(', ')}`,
  })
  sameSite: SameSite = 'lax';

  @IsBoolean({ message: 'must be true or false' })
  persistent = true;

  @IsBoolean({ message: 'must be true or false' })
  partitioned = false;

  @IsOptional()
  @IsIn(PRIORITY_VALUES as CookiePriority[], {
    message: `must be one of ${PRIORITY_VALUES.join(', ')}`,
  })
  priority?: CookiePriority = undefined;
}

/** `encryption` after validation: the keys (first encrypts), or the provider that gives them at boot. */
export interface ResolvedEncryption {
  readonly keys: readonly EncryptionKey[];
  readonly keyProvider?: SessionEncryptionOptions['keyProvider'];
}

/** Module options after defaults, as validated at boot. Internal: users pass {@link DynamoSessionModuleOptions}. */
export class ResolvedSessionOptions {
  @IsArray({
    message:
      'is required: one secret of at least 32 characters, or a list of them (env SESSION_SECRET, comma-separated)',
  })
  @ArrayNotEmpty({
    message:
      'is required: one secret of at least 32 characters, or a list of them (env SESSION_SECRET, comma-separated)',
  })
  @IsString({ each: true, message: 'must be strings' })
  @MinLength(32, { each: true, message: 'must each be at least 32 characters long' })
  secrets: string[] = [];

  @Matches(TABLE_NAME_PATTERN, { message: `must be ${TABLE_NAME_RULE}` })
  tableName = DEFAULT_TABLE_NAME;

  @IsString({ message: 'must be a non-empty string' })
  @MinLength(1, { message: 'must be a non-empty string' })
  keyAttribute = DEFAULT_KEY_ATTRIBUTE;

  @IsString({ message: 'must be a non-empty string' })
  @MinLength(1, { message: 'must be a non-empty string' })
  expiresAttribute = DEFAULT_EXPIRES_ATTRIBUTE;

  @IsString({ message: 'must be a non-empty string' })
  @MinLength(1, { message: 'must be a non-empty string' })
  dataAttribute = DEFAULT_DATA_ATTRIBUTE;

  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be at least 1 (second)' })
  @Max(MAX_TIMEOUT, { message: `must be at most ${MAX_TIMEOUT} seconds` })
  idleTimeout = 14 * DAY;

  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(1, { message: 'must be at least 1 (second)' })
  @Max(MAX_TIMEOUT, { message: `must be at most ${MAX_TIMEOUT} seconds` })
  absoluteTimeout = 30 * DAY;

  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(0, { message: 'must be 0 or more (seconds)' })
  touchAfter = 3600;

  @IsBoolean({ message: 'must be true or false' })
  saveUninitialized = false;

  @IsIn(CONSISTENT_READ_MODES, {
    message: 'must be true, false or "auto" (env SESSION_CONSISTENT_READ: true, false or auto)',
  })
  consistentRead: ConsistentReadMode = 'auto';

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/.*)?$/, {
    message: 'must be an http(s) URL such as http://127.0.0.1:8000',
  })
  endpoint?: string = undefined;

  @IsOptional()
  @Matches(/^[a-z0-9-]+$/, { message: 'must be an AWS region name such as eu-west-1' })
  region?: string = undefined;

  client?: DynamoDBClient | DynamoDBDocumentClient = undefined;

  @Matches(TABLE_NAME_PATTERN, { message: `must be ${TABLE_NAME_RULE}` })
  userIndexName = DEFAULT_USER_INDEX_NAME;

  @IsBoolean({ message: 'must be true or false' })
  trackUserAgent = false;

  @IsBoolean({ message: 'must be true or false' })
  createTable = false;

  @IsBoolean({ message: 'must be true or false' })
  saveOnError = false;

  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(100, { message: 'must be at least 100 (milliseconds)' })
  @Max(60_000, { message: 'must be at most 60000 (milliseconds)' })
  requestTimeout = 3000;

  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(10, { message: 'must be at most 10' })
  maxAttempts = 3;

  @IsBoolean({ message: 'must be true or false' })
  failOpen = false;

  @IsInt({ message: 'must be a whole number of bytes' })
  @Min(1024, { message: 'must be at least 1024 (bytes)' })
  @Max(MAX_ITEM_SIZE, {
    message: `must be at most ${MAX_ITEM_SIZE} (DynamoDB's item limit, 400 KB)`,
  })
  maxSessionSize = 350 * 1024;

  /**
   * Default: the session has an identity (`session.userId`, set only by `session.logIn()`; no data key
   * a client could write counts).
   */
  isAuthenticated: (session: Session) => boolean = (session) => session.userId !== undefined;

  /** Off by default; see {@link resolveEncryption}. */
  encryption?: ResolvedEncryption = undefined;

  /** Off by default. */
  compression?: { readonly threshold: number } = undefined;

  /** Epoch milliseconds; sessions created before it are absent. Off by default. */
  notBefore?: number = undefined;

  /** The connect-dynamodb sessions to move over. Off by default; see {@link resolveLegacyOptions}. */
  legacy?: ResolvedLegacyOptions = undefined;

  cookie = new ResolvedCookieOptions();
}

/** Copies the defined fields of `given` onto `target`, so `undefined` never hides a default. */
function assignDefined<T extends object>(target: T, given: object | undefined): T {
  for (const [key, value] of Object.entries(given ?? {})) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'function') return 'a function';
  return String(value);
}

function messagesOf(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    // Users set `secret`; it is kept as the list `secrets`.
    const path = `${prefix}${error.property === 'secrets' ? 'secret' : error.property}`;
    const own = Object.values(error.constraints ?? {}).map((text) => {
      // Never echo a secret back into logs.
      const got = path === 'secret' ? '' : ` (got ${describe(error.value)})`;
      return `${path}: ${text}${got}`;
    });
    return [...own, ...messagesOf(error.children ?? [], `${path}.`)];
  });
}

function crossFieldMessages(options: ResolvedSessionOptions, touchAfterGiven: boolean): string[] {
  const problems: string[] = [];
  const { cookie } = options;
  if (
    touchAfterGiven &&
    Number.isInteger(options.touchAfter) &&
    options.touchAfter >= options.idleTimeout
  ) {
    problems.push(
      `touchAfter: must be less than idleTimeout (${options.idleTimeout}), or a session could expire before it is extended (got ${options.touchAfter})`,
    );
  }
  if (cookie.sameSite === 'none' && cookie.secure !== true) {
    problems.push(
      'cookie.secure: must be true when cookie.sameSite is "none" (browsers drop SameSite=None cookies without Secure)',
    );
  }
  // Browsers match the prefixes case-insensitively (so must we: `__HOST-sid` is a __Host- cookie).
  const name = cookie.name.toLowerCase();
  if (name.startsWith('__host-')) {
    if (cookie.secure !== true)
      problems.push('cookie.secure: must be true for a "__Host-" cookie name');
    if (cookie.path !== '/') problems.push('cookie.path: must be "/" for a "__Host-" cookie name');
    if (cookie.domain !== undefined)
      problems.push('cookie.domain: must not be set for a "__Host-" cookie name');
  } else if (name.startsWith('__secure-') && cookie.secure !== true) {
    problems.push('cookie.secure: must be true for a "__Secure-" cookie name');
  }
  problems.push(...sessionTableLayoutProblems(options));
  if (
    options.client !== undefined &&
    typeof (options.client as { send?: unknown }).send !== 'function'
  ) {
    problems.push('client: must be a DynamoDBClient or DynamoDBDocumentClient from the AWS SDK v3');
  }
  if (cookie.partitioned && cookie.secure !== true) {
    problems.push(
      'cookie.secure: must be true when cookie.partitioned is true (browsers drop Partitioned cookies without Secure)',
    );
  }
  if (typeof options.isAuthenticated !== 'function') {
    problems.push(
      `isAuthenticated: must be a function (session) => boolean (got ${describe(options.isAuthenticated)})`,
    );
  }
  return problems;
}

function unknownKeys(given: object, known: readonly string[], path: string): string[] {
  return Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => `${path}.${key}: is not an option (allowed: ${known.join(', ')})`);
}

/** `encryption` checked: either `keys` (turned into bytes) or a `keyProvider` called at boot. */
function resolveEncryption(given: unknown): { value?: ResolvedEncryption; problems: string[] } {
  if (given === undefined) return { problems: [] };
  if (typeof given !== 'object' || given === null) {
    return { problems: ['encryption: must be an object { keys } or { keyProvider }'] };
  }
  const problems = unknownKeys(given, ['keys', 'keyProvider'], 'encryption');
  const { keys, keyProvider } = given as SessionEncryptionOptions;
  if (keyProvider !== undefined) {
    if (typeof keyProvider !== 'function')
      problems.push('encryption.keyProvider: must be a function returning the keys');
    if (keys !== undefined) problems.push('encryption: give keys or keyProvider, not both');
    return { value: { keys: [], keyProvider }, problems };
  }
  const resolved = resolveEncryptionKeys(keys, 'encryption.keys');
  return { value: { keys: resolved.keys }, problems: [...problems, ...resolved.problems] };
}

function resolveCompression(given: unknown): {
  value?: { threshold: number };
  problems: string[];
} {
  if (given === undefined) return { problems: [] };
  if (typeof given !== 'object' || given === null) {
    return { problems: ['compression: must be an object { threshold } (bytes)'] };
  }
  const problems = unknownKeys(given, ['threshold'], 'compression');
  const { threshold } = given as { threshold?: unknown };
  if (!(Number.isInteger(threshold) && (threshold as number) >= 0)) {
    problems.push(
      `compression.threshold: must be a whole number of bytes, 0 or more (env SESSION_COMPRESSION_THRESHOLD) (got ${describe(threshold)})`,
    );
    return { problems };
  }
  return { value: { threshold: threshold as number }, problems };
}

/** `notBefore` as epoch milliseconds: a Date, epoch seconds (a number or digits), or an ISO 8601 date. */
function resolveNotBefore(given: unknown, now: number): { value?: number; problems: string[] } {
  if (given === undefined) return { problems: [] };
  let ms = Number.NaN;
  if (given instanceof Date) ms = given.getTime();
  else if (typeof given === 'number') ms = Number.isInteger(given) ? given * 1000 : Number.NaN;
  else if (typeof given === 'string' && /^\d+$/.test(given.trim())) ms = Number(given) * 1000;
  else if (typeof given === 'string' && /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(given.trim()))
    ms = Date.parse(given.trim());
  if (!Number.isFinite(ms) || ms < 0) {
    return {
      problems: [
        `notBefore: must be a Date, whole epoch seconds, or an ISO 8601 date such as 2026-05-01T12:00:00Z (env SESSION_NOT_BEFORE) (got ${describe(given)})`,
      ],
    };
  }
  if (ms > now + NOT_BEFORE_SKEW_MS) {
    return {
      problems: [
        `notBefore: must not be in the future (got ${new Date(ms).toISOString()}): every session created until then would end at once`,
      ],
    };
  }
  return { value: ms, problems: [] };
}

/**
 * Applies defaults to the user's options and validates them. Throws one
 * {@link InvalidSessionOptionsError} that names every bad field and what it allows.
 */
export function resolveSessionOptions(
  given: DynamoSessionModuleOptions | undefined,
  /** The time (epoch ms) `notBefore` must not be after: the module's clock. */
  now = Date.now(),
): ResolvedSessionOptions {
  const { secret, cookie, encryption, compression, notBefore, legacy, ...rest } =
    given ?? ({} as Partial<DynamoSessionModuleOptions>);
  const options = assignDefined(new ResolvedSessionOptions(), rest);
  const resolvedEncryption = resolveEncryption(encryption);
  const resolvedCompression = resolveCompression(compression);
  const resolvedNotBefore = resolveNotBefore(notBefore, now);
  options.encryption = resolvedEncryption.value;
  options.compression = resolvedCompression.value;
  options.notBefore = resolvedNotBefore.value;
  options.cookie = assignDefined(
    new ResolvedCookieOptions(),
    cookie as SessionCookieOptions | undefined,
  );
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (Array.isArray(secrets)) options.secrets = [...secrets];
  const known = new Set(Object.keys(new ResolvedSessionOptions()));
  const unknown = Object.keys(rest).filter((key) => !known.has(key) || key === 'secrets');
  const unknownCookie = Object.keys(cookie ?? {}).filter(
    (key) => !(key in new ResolvedCookieOptions()),
  );
  const resolvedLegacy = resolveLegacyOptions(legacy, options.secrets, options.cookie.name);
  options.legacy = resolvedLegacy.value;
  const touchAfterGiven = rest.touchAfter !== undefined;
  if (!touchAfterGiven && Number.isInteger(options.idleTimeout)) {
    options.touchAfter = Math.min(3600, Math.floor(options.idleTimeout / 10));
  }
  const problems = [
    ...messagesOf(validateSync(options, { forbidUnknownValues: false })),
    ...messagesOf(validateSync(options.cookie, { forbidUnknownValues: false }), 'cookie.'),
    ...crossFieldMessages(options, touchAfterGiven),
    ...resolvedEncryption.problems,
    ...resolvedCompression.problems,
    ...resolvedNotBefore.problems,
    ...resolvedLegacy.problems,
    ...unknown.map((key) => `${key}: is not an option (see DynamoSessionModuleOptions)`),
    ...unknownCookie.map(
      (key) => `cookie.${key}: is not a cookie option (see SessionCookieOptions)`,
    ),
  ];
  if (problems.length > 0) throw new InvalidSessionOptionsError(problems);
  return options;
}
