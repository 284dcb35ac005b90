import { parseArgs } from 'node:util';
import type {
  SessionTableBilling,
  SessionTableOptions,
  SessionTableStreamViewType,
} from '../table/session-table-options.js';
import {
  DEFAULT_TABLE_NAME,
  TABLE_NAME_PATTERN,
  TABLE_NAME_RULE,
} from '../table/session-table.constants.js';
import { CliUsageError } from './cli-usage-error.js';
import { CLI_MAX_WAIT_SECONDS } from './usage.js';

/** The CLI's commands. */
export type CliCommand = 'create-table' | 'check' | 'delete-table';

/** A parsed, validated command line. */
export interface CliArguments {
  readonly command: CliCommand | 'help';
  /** Where DynamoDB is: flags, else the environment; undefined: the SDK's defaults. */
  readonly region?: string;
  readonly endpoint?: string;
  /** The table options (without progress reporting). */
  readonly table: SessionTableOptions & { tableName: string; maxWaitSeconds: number };
  /** `--yes` was given (delete-table). */
  readonly yes: boolean;
}

const COMMANDS: readonly string[] = ['create-table', 'check', 'delete-table'];

const OPTIONS = {
  table: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  'key-attribute': { type: 'string' },
  'expires-attribute': { type: 'string' },
  'user-index-name': { type: 'string' },
  'no-user-index': { type: 'boolean' },
  provisioned: { type: 'string' },
  stream: { type: 'string' },
  tag: { type: 'string', multiple: true },
  'max-wait': { type: 'string' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flag = keyof typeof OPTIONS;

/** The flags that describe the table's layout: what create-table makes and check compares. */
const LAYOUT_FLAGS: readonly Flag[] = [
  'key-attribute',
  'expires-attribute',
  'user-index-name',
  'no-user-index',
  'provisioned',
  'stream',
  'tag',
];

/** The flags each command takes besides --table, --region, --endpoint and --help. */
const COMMAND_FLAGS: Record<CliCommand, readonly Flag[]> = {
  'create-table': [...LAYOUT_FLAGS, 'max-wait'],
  check: LAYOUT_FLAGS,
  'delete-table': ['max-wait', 'yes'],
};
const COMMON_FLAGS: readonly Flag[] = ['table', 'region', 'endpoint', 'help'];

const STREAM_VIEWS: Record<string, SessionTableStreamViewType> = {
  'new-and-old-images': 'NEW_AND_OLD_IMAGES',
  'new-image': 'NEW_IMAGE',
  'old-image': 'OLD_IMAGE',
  'keys-only': 'KEYS_ONLY',
};

type Env = Readonly<Record<string, string | undefined>>;

function fromEnv(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Node's parseArgs messages are long; keep what names the problem. */
function parseError(error: unknown): CliUsageError {
  const code = (error as { code?: string }).code;
  const message = (error as Error).message;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return new CliUsageError(`unknown option ${option}`, true);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
    return new CliUsageError(
      /argument missing|ambiguous/.test(message)
        ? `option ${option} needs a value`
        : `option ${option} takes no value`,
    );
  return new CliUsageError(message.split('\n')[0] ?? message);
}

function checked(value: string, pattern: RegExp, what: string, source: string): string {
  if (!pattern.test(value)) throw new CliUsageError(`${source}: must be ${what} (got "${value}")`);
  return value;
}

/** A flag's value, else the environment variable's (flags win), checked against `pattern`; undefined when neither is set. */
function flagOrEnv(
  flagValue: string | undefined,
  flag: string,
  env: Env,
  variable: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  const value = flagValue ?? fromEnv(env, variable);
  if (value === undefined) return undefined;
  return checked(value, pattern, what, flagValue === undefined ? variable : flag);
}

function billing(value: string | undefined): SessionTableBilling | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value);
  const read = Number(match?.[1]);
  const write = Number(match?.[2]);
  if (match === null || !(read >= 1) || !(write >= 1) || read > 1e6 || write > 1e6)
    throw new CliUsageError(
      `--provisioned: must be READ,WRITE capacity units, e.g. 5,5 (got "${value}")`,
    );
  return { mode: 'provisioned', read, write };
}

function stream(value: string | undefined): SessionTableStreamViewType | undefined {
  if (value === undefined) return undefined;
  const view = STREAM_VIEWS[value.toLowerCase().replace(/_/g, '-')];
  if (view === undefined)
    throw new CliUsageError(
      `--stream: must be one of ${Object.keys(STREAM_VIEWS).join(', ')} (got "${value}")`,
    );
  return view;
}

function tags(values: readonly string[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values ?? []) {
    const match = /^([^=]+)=(.*)$/s.exec(value);
    if (match === null)
      throw new CliUsageError(`--tag: must be KEY=VALUE, e.g. team=web (got "${value}")`);
    const [, key = '', tagValue = ''] = match;
    if (key.length > 128 || tagValue.length > 256)
      throw new CliUsageError(`--tag: keys are at most 128 characters, values 256 (got "${key}")`);
    if (key in result) throw new CliUsageError(`--tag: ${key} is given twice`);
    result[key] = tagValue;
  }
  return result;
}

function maxWait(value: string | undefined): number {
  if (value === undefined) return CLI_MAX_WAIT_SECONDS;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(seconds > 0))
    throw new CliUsageError(`--max-wait: must be a number of seconds above 0 (got "${value}")`);
  return seconds;
}

function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '')
    throw new CliUsageError(`${flag}: must not be empty`);
  return value;
}

/**
 * Parses the CLI's arguments (after the program name) with node:util parseArgs, applying the
 * environment (`SESSION_TABLE`, `AWS_REGION`, `DYNAMODB_ENDPOINT`) where a flag is absent. Throws a
 * {@link CliUsageError} for anything wrong with the command line.
 */
export function parseCliArguments(argv: readonly string[], env: Env): CliArguments {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw parseError(error);
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  const empty = { tableName: DEFAULT_TABLE_NAME, maxWaitSeconds: CLI_MAX_WAIT_SECONDS };
  if (values.help === true || command === 'help')
    return { command: 'help', table: empty, yes: false };
  if (command === undefined) throw new CliUsageError('no command given', true);
  if (!COMMANDS.includes(command)) throw new CliUsageError(`unknown command "${command}"`, true);
  const cliCommand = command as CliCommand;
  if (extra.length > 0) throw new CliUsageError(`unexpected argument "${extra[0]}"`, true);
  const allowed = new Set<string>([...COMMON_FLAGS, ...COMMAND_FLAGS[cliCommand]]);
  for (const flag of Object.keys(values))
    if (!allowed.has(flag)) throw new CliUsageError(`${command} takes no --${flag}`, true);
  if (values['no-user-index'] === true && values['user-index-name'] !== undefined)
    throw new CliUsageError('--no-user-index and --user-index-name exclude each other');

  const tableName =
    flagOrEnv(values.table, '--table', env, 'SESSION_TABLE', TABLE_NAME_PATTERN, TABLE_NAME_RULE) ??
    DEFAULT_TABLE_NAME;
  const region = flagOrEnv(
    values.region,
    '--region',
    env,
    'AWS_REGION',
    /^[a-z0-9-]+$/,
    'an AWS region such as eu-west-1',
  );
  const endpoint = flagOrEnv(
    values.endpoint,
    '--endpoint',
    env,
    'DYNAMODB_ENDPOINT',
    /^https?:\/\/[^\s/]+(\/\S*)?$/,
    'an http(s) URL such as http://127.0.0.1:8000',
  );
  const table: CliArguments['table'] = {
    tableName,
    maxWaitSeconds: maxWait(values['max-wait']),
    keyAttribute: nonEmpty(values['key-attribute'], '--key-attribute'),
    expiresAttribute: nonEmpty(values['expires-attribute'], '--expires-attribute'),
    userIndexName:
      values['no-user-index'] === true
        ? false
        : nonEmpty(values['user-index-name'], '--user-index-name'),
    billing: billing(values.provisioned),
    stream: stream(values.stream),
    tags: tags(values.tag),
  };
  if (table.userIndexName !== false && table.userIndexName !== undefined)
    checked(table.userIndexName, TABLE_NAME_PATTERN, TABLE_NAME_RULE, '--user-index-name');
  return {
    command: cliCommand,
    ...(region === undefined ? {} : { region }),
    ...(endpoint === undefined ? {} : { endpoint }),
    table,
    yes: values.yes === true,
  };
}
