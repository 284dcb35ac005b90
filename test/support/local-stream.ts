import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { SessionStreamRecord, StreamAttributeValue } from '../../src/streams/index.js';
import { localEndpoint } from './dynamodb.js';

type Image = Record<string, StreamAttributeValue>;

/** Every record of a table's stream on DynamoDB Local so far, oldest first, in every shard. */
export async function readLocalStream(
  client: DynamoDBClient,
  tableName: string,
): Promise<_Record[]> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (streamArn === undefined) throw new Error(`the table ${tableName} has no stream`);
  const streams = new DynamoDBStreamsClient({
    endpoint: localEndpoint(),
    region: process.env['AWS_REGION'] ?? 'us-east-1',
  });
  try {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    );
    const records: _Record[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator !== undefined) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []));
        // An open shard always answers a next iterator: stop at the first empty page.
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
    return records.sort((a, b) =>
      (a.dynamodb?.SequenceNumber ?? '').localeCompare(b.dynamodb?.SequenceNumber ?? ''),
    );
  } finally {
    streams.destroy();
  }
}

/**
 * A record of DynamoDB Local's stream as Lambda delivers DynamoDB's: the images as they are and the
 * time in epoch seconds. DynamoDB marks a TTL deletion as a REMOVE by the DynamoDB service principal;
 * DynamoDB Local's own TTL sweep runs when it will and marks its deletions otherwise, so a spec deletes
 * the items itself and names them in `deletedByTtl`, whose REMOVE records get DynamoDB's TTL identity.
 */
export function asLambdaRecord(
  record: _Record,
  deletedByTtl: ReadonlySet<string> = new Set(),
): SessionStreamRecord {
  const { ApproximateCreationDateTime, Keys, OldImage, SequenceNumber } = record.dynamodb ?? {};
  const key = Object.values(Keys ?? {})[0]?.S;
  const ttl = record.eventName === 'REMOVE' && key !== undefined && deletedByTtl.has(key);
  return {
    eventName: String(record.eventName),
    ...(ttl ? { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } } : {}),
    dynamodb: {
      ApproximateCreationDateTime:
        ApproximateCreationDateTime === undefined
          ? undefined
          : ApproximateCreationDateTime.getTime() / 1000,
      // The SDK's AttributeValue union, as the plain DynamoDB JSON Lambda delivers.
      Keys: Keys as Image | undefined,
      OldImage: OldImage as Image | undefined,
      SequenceNumber,
    },
  };
}
