import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoBatches } from './dynamo-batches.js';
import type { DynamoCommandSender } from './dynamo-command-sender.js';
import type { SessionItem } from './session-item.js';

/**
 * Deletes every item of the sessions table (sessions, and the recent logins that name them) and
 * resolves how many: a Scan of the keys, page by page, each page deleted in batches of 25. It reads
 * the whole table (about 1 read unit per 4 KB of items scanned, whatever is projected): for tests and
 * maintenance, not for a request.
 */
export async function tableWideDelete(
  client: DynamoDBDocumentClient,
  sender: DynamoCommandSender,
  batches: DynamoBatches,
  items: SessionItem,
): Promise<number> {
  let deleted = 0;
  let from: Record<string, unknown> | undefined;
  do {
    const page = await sender.send('Scan', (abortSignal) =>
      client.send(
        new ScanCommand({
          TableName: sender.table,
          ProjectionExpression: '#key',
          ExpressionAttributeNames: { '#key': items.names.keyAttribute },
          ExclusiveStartKey: from,
        }),
        { abortSignal },
      ),
    );
    const keys = (page.Items ?? []).map((item) => items.key(item));
    await batches.delete(keys);
    deleted += keys.length;
    from = page.LastEvaluatedKey;
  } while (from !== undefined);
  return deleted;
}
