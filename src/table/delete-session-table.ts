import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { failedWith, sendTableCommand } from './send-table-command.js';
import { DEFAULT_MAX_WAIT_SECONDS } from './session-table.constants.js';
import { waitForActiveTable, waitForDeletedTable } from './wait-for-session-table.js';

/** How {@link deleteSessionTable} waits. */
export interface DeleteSessionTableOptions {
  /** Called with each step and wait. */
  onProgress?: (message: string) => void;
  /** Seconds to wait for the table to be gone. Default 120. */
  maxWaitSeconds?: number;
}

/**
 * Deletes the table and every session in it, and waits until it is gone. Resolves `'deleted'`, or
 * `'absent'` when there was no such table. A table still being created or updated is waited for
 * first. Rejects with a {@link SessionTableError} (e.g. deletion protection is on, access denied).
 */
export async function deleteSessionTable(
  client: DynamoDBClient,
  tableName: string,
  options: DeleteSessionTableOptions = {},
): Promise<'deleted' | 'absent'> {
  const wait = {
    onProgress: options.onProgress ?? (() => undefined),
    maxWaitSeconds: options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS,
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      wait.onProgress(`Deleting table ${tableName}`);
      await sendTableCommand(client, 'DeleteTable', tableName, () =>
        client.send(new DeleteTableCommand({ TableName: tableName })),
      );
      break;
    } catch (error) {
      if (failedWith(error, 'ResourceNotFoundException')) return 'absent';
      // Being created or updated: DynamoDB deletes only an ACTIVE table.
      if (!failedWith(error, 'ResourceInUseException') || attempt > 1) throw error;
      await waitForActiveTable(client, tableName, wait);
    }
  }
  await waitForDeletedTable(client, tableName, wait);
  wait.onProgress(`Table ${tableName} is deleted`);
  return 'deleted';
}
