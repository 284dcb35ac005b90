import {
  DescribeTableCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { failedWith, sendTableCommand } from './send-table-command.js';
import { SessionTableError } from './session-table.error.js';

/** How often a wait reports that it is still waiting. */
const REPORT_EVERY_MS = 10_000;
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 2_000;

/** How long a wait may take, and where it reports. Internal. */
export interface WaitOptions {
  readonly maxWaitSeconds: number;
  readonly onProgress: (message: string) => void;
}

/** The table's description, or undefined when it does not exist. Internal. */
export async function describeSessionTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const { Table } = await sendTableCommand(client, 'DescribeTable', tableName, () =>
      client.send(new DescribeTableCommand({ TableName: tableName })),
    );
    return Table;
  } catch (error) {
    if (failedWith(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/** The table's status and its indexes', e.g. `table CREATING, index userId-index CREATING`. */
function statusOf(table: TableDescription | undefined): string {
  if (table === undefined) return 'table absent';
  const indexes = (table.GlobalSecondaryIndexes ?? []).map(
    (index) => `index ${index.IndexName} ${index.IndexStatus}`,
  );
  return [`table ${table.TableStatus}`, ...indexes].join(', ');
}

function isActive(table: TableDescription): boolean {
  return (
    table.TableStatus === 'ACTIVE' &&
    (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')
  );
}

/**
 * Polls DescribeTable until `done` says so, reporting each change of status (and every 10 s) through
 * `onProgress`. Throws a `timeout` {@link SessionTableError} after `maxWaitSeconds`.
 */
async function pollTable(
  client: DynamoDBClient,
  tableName: string,
  options: WaitOptions,
  goal: string,
  done: (table: TableDescription | undefined) => boolean,
): Promise<TableDescription | undefined> {
  const started = Date.now();
  const deadline = started + options.maxWaitSeconds * 1000;
  let delay = FIRST_POLL_MS;
  let reported = '';
  let reportedAt = started;
  for (;;) {
    const table = await describeSessionTable(client, tableName);
    if (done(table)) return table;
    const status = statusOf(table);
    if (table?.TableStatus === 'DELETING' && goal === 'ACTIVE')
      throw new SessionTableError(
        `table ${tableName} is being deleted: create it again once it is gone`,
        'DescribeTable',
        tableName,
        'other',
        'TableDeleting',
      );
    const now = Date.now();
    if (status !== reported || now - reportedAt >= REPORT_EVERY_MS) {
      const waited = Math.round((now - started) / 1000);
      options.onProgress(`Waiting for table ${tableName} to be ${goal}: ${status} (${waited} s)`);
      reported = status;
      reportedAt = now;
    }
    if (now + delay > deadline)
      throw new SessionTableError(
        `table ${tableName} is not ${goal} after ${options.maxWaitSeconds} s (${status})`,
        'DescribeTable',
        tableName,
        'timeout',
        'Timeout',
      );
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

/** Waits until the table and all its indexes are ACTIVE, and resolves its description. Internal. */
export async function waitForActiveTable(
  client: DynamoDBClient,
  tableName: string,
  options: WaitOptions,
): Promise<TableDescription> {
  const table = await pollTable(
    client,
    tableName,
    options,
    'ACTIVE',
    (found) => found !== undefined && isActive(found),
  );
  options.onProgress(`Table ${tableName} is ACTIVE`);
  return table as TableDescription;
}

/** Waits until the table is gone. Internal. */
export async function waitForDeletedTable(
  client: DynamoDBClient,
  tableName: string,
  options: WaitOptions,
): Promise<void> {
  await pollTable(client, tableName, options, 'deleted', (found) => found === undefined);
}
