import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientTarget } from './client-target.js';
import { compareSessionTable } from './compare-session-table.js';
import { describeTimeToLive, listTags } from './read-session-table.js';
import { fail, pass, type SessionTableCheck } from './session-table-check.js';
import { resolveSessionTableOptions, type SessionTableOptions } from './session-table-options.js';
import { TableFixCommands } from './table-fix-commands.js';
import { describeSessionTable } from './wait-for-session-table.js';

export type { SessionTableCheck } from './session-table-check.js';

/**
 * Verifies the sessions table against the options: it exists and is ACTIVE, its key schema, TTL on
 * the expiry attribute, the user index (unless `userIndexName: false`), and the billing, stream and
 * tags when the options name them. Resolves every check, each with a fix when it failed; when the
 * table does not exist, that is the only check. Rejects with a {@link SessionTableError} when DynamoDB
 * cannot be asked (access denied, unreachable...).
 */
export async function checkSessionTable(
  client: DynamoDBClient,
  options: SessionTableOptions = {},
): Promise<SessionTableCheck[]> {
  const resolved = resolveSessionTableOptions(options);
  const { tableName } = resolved;
  const target = await clientTarget(client);
  const table = await describeSessionTable(client, tableName);
  const where =
    target.endpoint !== undefined
      ? ` at ${target.endpoint}`
      : target.region
        ? ` in ${target.region}`
        : '';
  if (table === undefined)
    return [
      fail(
        'table exists',
        `no table ${tableName}${where}`,
        new TableFixCommands(resolved, target).createTable(),
      ),
    ];
  const ttl = await describeTimeToLive(client, tableName);
  const tags =
    Object.keys(resolved.tags).length > 0 && table.TableArn !== undefined
      ? await listTags(client, tableName, table.TableArn)
      : undefined;
  return [
    pass('table exists', `table ${tableName}${where}`),
    ...compareSessionTable(table, ttl, tags, resolved, target),
  ];
}
