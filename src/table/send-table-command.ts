import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientTarget } from './client-target.js';
import { SessionTableError } from './session-table.error.js';

/** Sends a command; a failure becomes a {@link SessionTableError} that names the operation and table. Internal. */
export async function sendTableCommand<Output>(
  client: DynamoDBClient,
  operation: string,
  tableName: string,
  send: () => Promise<Output>,
): Promise<Output> {
  try {
    return await send();
  } catch (error) {
    throw SessionTableError.from(error, operation, tableName, await clientTarget(client));
  }
}

/** Whether a table call failed with this AWS error (by name), wrapped or not. Internal. */
export function failedWith(error: unknown, awsErrorName: string): boolean {
  const cause = error instanceof SessionTableError ? error.cause : error;
  return (cause as { name?: unknown } | undefined)?.name === awsErrorName;
}
