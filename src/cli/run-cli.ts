import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkSessionTable, type SessionTableCheck } from '../table/check-session-table.js';
import { describeTableLayout, ensureSessionTable } from '../table/create-session-table.js';
import { deleteSessionTable } from '../table/delete-session-table.js';
import { resolveSessionTableOptions } from '../table/session-table-options.js';
import { SessionTableError } from '../table/session-table.error.js';
import { parseCliArguments, type CliArguments } from './cli-arguments.js';
import { createCliClient } from './cli-client.js';
import { CliUsageError } from './cli-usage-error.js';
import { PROGRAM, USAGE } from './usage.js';

/** Somewhere the CLI writes text: `process.stdout`, or a collector in tests. */
export interface CliOutput {
  write(text: string): unknown;
}

/** What the CLI reads and writes, so that it runs in-process (tests) as well as from main.ts. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** The environment: SESSION_TABLE, AWS_REGION, DYNAMODB_ENDPOINT, AWS credentials. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes. */
const OK = 0;
const FAILED = 1;
const USAGE_ERROR = 2;

/** `  PASS  name: detail` and, for a failure, the fix on the next line. */
function formatCheck(check: SessionTableCheck): string {
  const line = `  ${check.ok ? 'PASS' : 'FAIL'}  ${check.name}: ${check.detail}\n`;
  return check.fix === undefined ? line : `${line}        fix: ${check.fix}\n`;
}

function where(args: CliArguments): string {
  const parts = [
    args.region === undefined ? undefined : `region ${args.region}`,
    args.endpoint === undefined ? undefined : `endpoint ${args.endpoint}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

async function createTable(client: DynamoDBClient, args: CliArguments, io: CliIo): Promise<number> {
  const { tableName } = args.table;
  const onProgress = (message: string): void => void io.stderr.write(`${message}\n`);
  // An existing table is never changed here: it is compared, and what differs is reported.
  const outcome = await ensureSessionTable(
    client,
    { ...args.table, onProgress },
    { enableTimeToLive: false },
  );
  if (outcome === 'created') {
    const layout = describeTableLayout(resolveSessionTableOptions(args.table));
    io.stdout.write(`Created table ${tableName}${where(args)}: ${layout}.\n`);
    return OK;
  }
  const checks = await checkSessionTable(client, {
    ...args.table,
    billing: args.table.billing ?? { mode: 'on-demand' },
  });
  const differences = checks.filter((check) => !check.ok);
  if (differences.length === 0) {
    io.stdout.write(`Table ${tableName} already exists and matches: nothing to do.\n`);
    return OK;
  }
  io.stdout.write(
    `Table ${tableName} already exists but differs (it was left as it is):\n${differences.map(formatCheck).join('')}`,
  );
  return FAILED;
}

async function check(client: DynamoDBClient, args: CliArguments, io: CliIo): Promise<number> {
  const checks = await checkSessionTable(client, args.table);
  const failed = checks.filter((result) => !result.ok).length;
  io.stdout.write(`Checking table ${args.table.tableName}${where(args)}\n`);
  io.stdout.write(checks.map(formatCheck).join(''));
  io.stdout.write(
    failed === 0
      ? `All ${checks.length} checks passed.\n`
      : `${failed} of ${checks.length} checks failed.\n`,
  );
  return failed === 0 ? OK : FAILED;
}

async function deleteTable(client: DynamoDBClient, args: CliArguments, io: CliIo): Promise<number> {
  const { tableName, maxWaitSeconds } = args.table;
  const outcome = await deleteSessionTable(client, tableName, {
    maxWaitSeconds,
    onProgress: (message) => void io.stderr.write(`${message}\n`),
  });
  io.stdout.write(
    outcome === 'deleted'
      ? `Deleted table ${tableName}${where(args)}.\n`
      : `Table ${tableName} does not exist${where(args)}: nothing to delete.\n`,
  );
  return OK;
}

/** What to add to an error's message on the command line. */
function hint(error: SessionTableError): string {
  if (error.kind === 'unreachable' || error.kind === 'not-dynamodb')
    return ' (set the endpoint with --endpoint or DYNAMODB_ENDPOINT)';
  return '';
}

/**
 * Runs the CLI: `create-table`, `check` or `delete-table` (see `--help`). Writes results to stdout,
 * progress and errors to stderr (one line, no stack trace), and resolves the exit code: 0 done,
 * 1 failed, 2 usage error. Never rejects.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: CliArguments;
  try {
    args = parseCliArguments(argv, io.env);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    io.stderr.write(
      `${PROGRAM}: ${error.message}\n${error.showUsage ? `\n${USAGE}` : `Run '${PROGRAM} --help' for usage.\n`}`,
    );
    return USAGE_ERROR;
  }
  if (args.command === 'help') {
    io.stdout.write(USAGE);
    return OK;
  }
  if (args.command === 'delete-table' && !args.yes) {
    io.stderr.write(
      `${PROGRAM}: refusing to delete table ${args.table.tableName} and every session in it without --yes. ` +
        `Add --yes to confirm: ${PROGRAM} delete-table --table ${args.table.tableName} --yes\n`,
    );
    return USAGE_ERROR;
  }
  const client = createCliClient(args, io.env);
  try {
    switch (args.command) {
      case 'create-table':
        return await createTable(client, args, io);
      case 'check':
        return await check(client, args, io);
      case 'delete-table':
        return await deleteTable(client, args, io);
    }
  } catch (error) {
    const message =
      error instanceof SessionTableError
        ? `${error.message}${hint(error)}`
        : String((error as { message?: unknown } | undefined)?.message ?? error);
    io.stderr.write(`${PROGRAM}: error: ${message}\n`);
    return FAILED;
  } finally {
    client.destroy();
  }
}
