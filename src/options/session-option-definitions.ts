import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { COMPRESSION_OPTION } from './compression-option.js';
import { COOKIE_OPTION } from './cookie-options.js';
import { TOKEN_OPTION } from './token-options.js';
import { DEVICE_DETAILS_OPTIONS } from './device-details-options.js';
import { SESSION_LIMIT_OPTIONS } from './session-limit-options.js';
import type {
  ConsistentReadMode,
  DynamoSessionModuleOptions,
  UnsealedItems,
} from './dynamo-session.options.js';
import { ENCRYPTION_OPTION } from './encryption-option.js';
import { commaSeparated, text, trueFalseOrText, wholeNumber } from './environment-variables.js';
import { LEGACY_OPTION } from './legacy-options.js';
import { NOT_BEFORE_OPTION } from './not-before-option.js';
import {
  atLeast,
  atMost,
  each,
  isBoolean,
  isNonEmptyList,
  isNonEmptyString,
  isString,
  isWholeNumber,
  matches,
  oneOf,
} from './option-checks.js';
import { asList, option, type OptionDefinition } from './option-definition.js';
import type { Session } from '../session/session.js';
import type { SessionEventListener } from '../session/session-event.js';
import {
  DEFAULT_DATA_ATTRIBUTE,
  DEFAULT_EXPIRES_ATTRIBUTE,
  DEFAULT_KEY_ATTRIBUTE,
  DEFAULT_TABLE_NAME,
  DEFAULT_USER_INDEX_NAME,
  TABLE_NAME_PATTERN,
  TABLE_NAME_RULE,
} from '../table/session-table.constants.js';

const DAY = 86_400;
/** DynamoDB's item size limit: 400 KB. */
const MAX_ITEM_SIZE = 400 * 1024;
/** About 100 years: far beyond any sensible session, small enough to stay exact in milliseconds. */
const MAX_TIMEOUT = 100 * 365 * DAY;

/** The largest `maxDecodedSize`: far above any session, so a typo cannot lift the bound. */
const MAX_DECODED_SIZE = 64 * 1024 * 1024;

/** The option means the same for `DynamoSessionStore`, the express-session Store, which takes it too. */
function forStore<Definition extends OptionDefinition<unknown>>(
  definition: Definition,
): Definition & { readonly store: true } {
  return { ...definition, store: true };
}

const secret = commaSeparated('SESSION_SECRET');
const consistentRead = trueFalseOrText('SESSION_CONSISTENT_READ');

/** A whole number of seconds from 1 to about 100 years (`idleTimeout`, `absoluteTimeout`). */
const timeout = (defaultSeconds: number, variable: string) =>
  forStore(
    option({
      default: defaultSeconds,
      checks: [
        isWholeNumber('must be a whole number of seconds'),
        atLeast(1, 'must be at least 1 (second)'),
        atMost(MAX_TIMEOUT, `must be at most ${MAX_TIMEOUT} seconds`),
      ],
      env: wholeNumber(variable),
    }),
  );

const attributeName = (defaultName: string) =>
  forStore(
    option({ default: defaultName, checks: [isNonEmptyString('must be a non-empty string')] }),
  );

const flag = () => option({ default: false, checks: [isBoolean] });

/**
 * Every option of {@link DynamoSessionModuleOptions}, defined once: the defaults, `sessionOptionsFromEnv`,
 * the validation at boot, `DynamoSessionStore`'s options and the check of docs/options.md's table
 * are all read from here (the public interface documents each option). They resolve in this order, so
 * an option may read those above it (`touchAfter` reads `idleTimeout`, `legacy` the secrets and cookie).
 */
export const SESSION_OPTION_DEFINITIONS = {
  secret: {
    ...option<string[]>({
      default: [],
      required: true,
      echo: false,
      from: asList,
      checks: [
        isNonEmptyList(
          `is required: one secret of at least 32 characters, or a list of them (env ${secret.name}, comma-separated)`,
        ),
        each(isString('must be strings')),
        each((value) =>
          (value as string).length >= 32 ? undefined : 'must each be at least 32 characters long',
        ),
      ],
      documentedDefault: 'required',
      env: secret,
    }),
    resolvedAs: 'secrets' as const,
  },
  tableName: forStore(
    option({
      default: DEFAULT_TABLE_NAME,
      checks: [matches(TABLE_NAME_PATTERN, `must be ${TABLE_NAME_RULE}`)],
      env: text('SESSION_TABLE'),
    }),
  ),
  keyAttribute: attributeName(DEFAULT_KEY_ATTRIBUTE),
  expiresAttribute: attributeName(DEFAULT_EXPIRES_ATTRIBUTE),
  dataAttribute: attributeName(DEFAULT_DATA_ATTRIBUTE),
  idleTimeout: timeout(14 * DAY, 'SESSION_IDLE_TIMEOUT'),
  absoluteTimeout: timeout(30 * DAY, 'SESSION_ABSOLUTE_TIMEOUT'),
  touchAfter: forStore(
    option({
      default: 3600,
      defaultFrom: ({ earlier: { idleTimeout } }) =>
        Number.isInteger(idleTimeout)
          ? Math.min(3600, Math.floor((idleTimeout as number) / 10))
          : 3600,
      documentedDefault: 'a tenth of `idleTimeout`, at most `3600`',
      checks: [
        isWholeNumber('must be a whole number of seconds'),
        atLeast(0, 'must be 0 or more (seconds)'),
        (value, { earlier: { idleTimeout } }) =>
          (value as number) >= (idleTimeout as number)
            ? `must be less than idleTimeout (${String(idleTimeout)}), or a session could expire before it is extended`
            : undefined,
      ],
      env: wholeNumber('SESSION_TOUCH_AFTER'),
    }),
  ),
  cookie: COOKIE_OPTION,
  token: TOKEN_OPTION,
  saveUninitialized: flag(),
  consistentRead: forStore(
    option<ConsistentReadMode>({
      default: 'auto',
      checks: [
        oneOf(
          [true, false, 'auto'],
          `must be true, false or "auto" (env ${consistentRead.name}: true, false or auto)`,
        ),
      ],
      env: consistentRead,
    }),
  ),
  client: forStore(
    option<DynamoDBClient | DynamoDBDocumentClient | undefined>({
      default: undefined,
      documentedDefault: 'built from `endpoint` and `region`',
      echo: false,
      checks: [
        (value) =>
          typeof (value as { send?: unknown }).send === 'function'
            ? undefined
            : 'must be a DynamoDBClient or DynamoDBDocumentClient from the AWS SDK v3',
      ],
    }),
  ),
  endpoint: forStore(
    option<string | undefined>({
      default: undefined,
      documentedDefault: 'the AWS endpoint',
      checks: [
        matches(
          /^https?:\/\/[^\s/]+(\/.*)?$/,
          'must be an http(s) URL such as http://127.0.0.1:8000',
        ),
      ],
      env: text('DYNAMODB_ENDPOINT'),
    }),
  ),
  region: forStore(
    option<string | undefined>({
      default: undefined,
      documentedDefault: "the SDK's resolution",
      checks: [matches(/^[a-z0-9-]+$/, 'must be an AWS region name such as eu-west-1')],
      env: text('AWS_REGION'),
    }),
  ),
  requestTimeout: forStore(
    option({
      default: 3000,
      checks: [
        isWholeNumber('must be a whole number of milliseconds'),
        atLeast(100, 'must be at least 100 (milliseconds)'),
        atMost(60_000, 'must be at most 60000 (milliseconds)'),
      ],
    }),
  ),
  maxAttempts: forStore(
    option({
      default: 3,
      checks: [
        isWholeNumber('must be a whole number'),
        atLeast(1, 'must be at least 1'),
        atMost(10, 'must be at most 10'),
      ],
    }),
  ),
  failOpen: flag(),
  maxSessionSize: forStore(
    option({
      default: 350 * 1024,
      checks: [
        isWholeNumber('must be a whole number of bytes'),
        atLeast(1024, 'must be at least 1024 (bytes)'),
        atMost(MAX_ITEM_SIZE, `must be at most ${MAX_ITEM_SIZE} (DynamoDB's item limit, 400 KB)`),
      ],
    }),
  ),
  maxDecodedSize: forStore(
    option({
      default: 2 * 1024 * 1024,
      checks: [
        isWholeNumber('must be a whole number of characters'),
        atLeast(1024, 'must be at least 1024 (characters)'),
        atMost(MAX_DECODED_SIZE, `must be at most ${MAX_DECODED_SIZE} (64 MiB)`),
      ],
    }),
  ),
  userIndexName: option({
    default: DEFAULT_USER_INDEX_NAME,
    checks: [matches(TABLE_NAME_PATTERN, `must be ${TABLE_NAME_RULE}`)],
  }),
  unsealedItems: forStore(
    option<UnsealedItems>({
      default: 'refuse',
      checks: [
        oneOf(
          ['refuse', 'accept'],
          'must be "refuse" or "accept" (env SESSION_UNSEALED_ITEMS: refuse or accept)',
        ),
      ],
      env: text('SESSION_UNSEALED_ITEMS'),
    }),
  ),
  ...DEVICE_DETAILS_OPTIONS,
  saveOnError: flag(),
  encryption: forStore(ENCRYPTION_OPTION),
  compression: forStore(COMPRESSION_OPTION),
  notBefore: forStore(NOT_BEFORE_OPTION),
  legacy: LEGACY_OPTION,
  createTable: flag(),
  ...SESSION_LIMIT_OPTIONS,
  onSessionEvent: option<SessionEventListener | undefined>({
    default: undefined,
    documentedDefault: 'none',
    echo: false,
    checks: [
      (value) => (typeof value === 'function' ? undefined : 'must be a function (event) => void'),
    ],
  }),
  isAuthenticated: option<(session: Session) => boolean>({
    // Only `session.logIn()` sets `session.userId`: no data key a client could write counts.
    default: (session) => session.userId !== undefined,
    documentedDefault: 'the session has an identity',
    checks: [
      (value) =>
        typeof value === 'function' ? undefined : 'must be a function (session) => boolean',
    ],
  }),
} satisfies { readonly [Name in keyof DynamoSessionModuleOptions]-?: OptionDefinition<unknown> };

type Definitions = typeof SESSION_OPTION_DEFINITIONS;

/** The options `DynamoSessionStore` takes, the same as the module's. */
export type StoreOptionName = {
  [Name in keyof Definitions]: Definitions[Name] extends { store: true } ? Name : never;
}[keyof Definitions];

/** {@link StoreOptionName} at run time, in the definitions' order. */
export const STORE_OPTION_NAMES = Object.entries(SESSION_OPTION_DEFINITIONS)
  .filter(([, definition]) => 'store' in definition)
  .map(([name]) => name as StoreOptionName);
