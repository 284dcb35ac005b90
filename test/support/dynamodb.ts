import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type AttributeValue,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createSessionTable } from '../../src/index.js';

/** The DynamoDB Local that global-setup started. */
export function localEndpoint(): string {
  const endpoint = process.env['DYNAMODB_ENDPOINT'];
  if (endpoint === undefined)
    throw new Error(
      'DYNAMODB_ENDPOINT is not set: run the tests through jest (global-setup starts DynamoDB Local)',
    );
  return endpoint;
}

/** One DynamoDB operation a {@link CountingClient} sent. */
export interface SentOperation {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/** A client of the local emulator that records the DynamoDB operations it sends (SDK middleware). */
export class CountingClient extends DynamoDBClient {
  readonly sent: SentOperation[] = [];

  constructor(endpoint = localEndpoint()) {
    super({ endpoint, region: process.env['AWS_REGION'] ?? 'us-east-1' });
    this.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName).replace(/Command$/, '');
        this.sent.push({ name, input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize', name: 'countDynamoDbCalls' },
    );
  }

  /** How many of each operation were sent since the last reset. */
  count(operation?: string): number {
    return operation === undefined
      ? this.sent.length
      : this.sent.filter((call) => call.name === operation).length;
  }

  /** The names of the operations sent, in order. */
  get calls(): string[] {
    return this.sent.map((call) => call.name);
  }

  reset(): void {
    this.sent.length = 0;
  }
}

/** A fresh sessions table with a unique name, created with the library's own helper. */
export async function createTestTable(
  client: DynamoDBClient,
  prefix = 'sessions',
): Promise<string> {
  const tableName = `${prefix}-${randomUUID()}`;
  await createSessionTable(client, { tableName });
  return tableName;
}

export async function deleteTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
}

/** Every item of a table, straight from DynamoDB (what is really stored), recent logins included. */
export async function scanAllItems(
  client: DynamoDBClient,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  const result = await DynamoDBDocumentClient.from(client).send(
    new ScanCommand({ TableName: tableName, ConsistentRead: true }),
  );
  return (result.Items ?? []) as Record<string, unknown>[];
}

/** The data map of a session's item as DynamoDB holds it: attribute values, binaries as bytes. */
export async function rawSessionData(
  client: DynamoDBClient,
  tableName: string,
  key: string,
): Promise<Record<string, AttributeValue>> {
  const { Item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { id: { S: key } }, ConsistentRead: true }),
  );
  return Item?.['data']?.M ?? {};
}

/** Whether an item is one of the recent-logins buckets that "log out everywhere" reads. */
export const isRecentLogins = (item: Record<string, unknown>): boolean =>
  String(item['id']).startsWith('~recent-logins#');

/** Every session item of a table, straight from DynamoDB (the recent-logins buckets left out). */
export async function scanTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  return (await scanAllItems(client, tableName)).filter((item) => !isRecentLogins(item));
}

/** One item by key, straight from DynamoDB. */
export async function getItem(
  client: DynamoDBClient,
  tableName: string,
  key: string,
): Promise<Record<string, unknown> | undefined> {
  const result = await DynamoDBDocumentClient.from(client).send(
    new GetCommand({ TableName: tableName, Key: { id: key }, ConsistentRead: true }),
  );
  return result.Item as Record<string, unknown> | undefined;
}

/** A bare table keyed by `id` (type `keyType`), without TTL or index: what a hand-made table looks like. */
export async function createPlainTable(
  client: DynamoDBClient,
  tableName: string,
  keyType: 'S' | 'N' = 'S',
): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: keyType }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

/**
 * Sets attributes of the item under `key` as a table writer would, outside the library: each name is a
 * top-level attribute, or `data.<key>` for one value of the data map.
 */
export async function writeAsTableWriter(
  client: DynamoDBClient,
  tableName: string,
  key: string,
  attributes: Record<string, AttributeValue>,
): Promise<void> {
  const paths = Object.keys(attributes).map((name, i) =>
    name.split('.').map((part, depth) => [`#a${i}_${depth}`, part] as const),
  );
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { id: { S: key } },
      UpdateExpression: `SET ${paths
        .map((path, i) => `${path.map(([placeholder]) => placeholder).join('.')} = :v${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(paths.flat()),
      ExpressionAttributeValues: Object.fromEntries(
        Object.values(attributes).map((value, i) => [`:v${i}`, value]),
      ),
    }),
  );
}

/** Sets an item's expiry `secondsAgo` in the past, as an expired item TTL has not deleted yet looks. */
export async function expireItem(
  client: DynamoDBClient,
  tableName: string,
  key: string,
  secondsAgo = 5,
): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { id: { S: key } },
      UpdateExpression: 'SET expires = :past',
      ExpressionAttributeValues: {
        ':past': { N: String(Math.floor(Date.now() / 1000) - secondsAgo) },
      },
    }),
  );
}
