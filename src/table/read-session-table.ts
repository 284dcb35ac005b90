import {
  DescribeTimeToLiveCommand,
  ListTagsOfResourceCommand,
  type DynamoDBClient,
  type Tag,
  type TimeToLiveDescription,
} from '@aws-sdk/client-dynamodb';
import { failedWith, sendTableCommand } from './send-table-command.js';
import type { TableTags } from './session-table-check.js';

// What the table check reads from DynamoDB besides DescribeTable: its TTL setting and its tags.

/** The table's TTL setting. Internal. */
export async function describeTimeToLive(
  client: DynamoDBClient,
  tableName: string,
): Promise<TimeToLiveDescription | undefined> {
  const { TimeToLiveDescription: ttl } = await sendTableCommand(
    client,
    'DescribeTimeToLive',
    tableName,
    () => client.send(new DescribeTimeToLiveCommand({ TableName: tableName })),
  );
  return ttl;
}

/** The table's tags, or why they could not be read. Internal. */
export async function listTags(
  client: DynamoDBClient,
  tableName: string,
  arn: string,
): Promise<TableTags> {
  const tags: Tag[] = [];
  let next: string | undefined;
  try {
    do {
      const page = await sendTableCommand(client, 'ListTagsOfResource', tableName, () =>
        client.send(new ListTagsOfResourceCommand({ ResourceArn: arn, NextToken: next })),
      );
      tags.push(...(page.Tags ?? []));
      next = page.NextToken;
    } while (next !== undefined);
  } catch (error) {
    if (failedWith(error, 'UnknownOperationException'))
      return { unsupported: ((error as Error).cause as Error).message };
    throw error;
  }
  return tags;
}
