import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createSessionTable } from '../../src/index.js';

/** The DynamoDB Local that global-setup started. */
export function localEndpoint(): string {
  const endpoint = process.env['DYNAMODB_ENDPOINT'];
  if (endpoint === undefined) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests through jest (global-setup starts DynamoDB Local)');
  return endpoint;
}

/** A client of the local emulator that counts the DynamoDB operations it sends, by command name. */
export class CountingClient extends DynamoDBClient {
  readonly calls: string[] = [];

  constructor(endpoint = localEndpoint()) {
    super({ endpoint, region: process.env['AWS_REGION'] ?? 'us-east-1' });
    this.middlewareStack.add(
      (next, context) => async (args) => {
        this.calls.push(String(context.commandName).replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'countDynamoDbCalls' },
    );
  }

  /** How many of each operation were sent since the last reset. */
  count(operation?: string): number {
    return operation === undefined ? this.calls.length : this.calls.filter((call) => call === operation).length;
  }

  reset(): void {
    this.calls.length = 0;
  }
}

/** A fresh sessions table with a unique name, created with the library's own helper. */
export async function createTestTable(client: DynamoDBClient, prefix = 'sessions'): Promise<string> {
  const tableName = `${prefix}-${randomUUID()}`;
  await createSessionTable(client, { tableName });
  return tableName;
}

export async function deleteTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
}

/** Every item of a table, straight from DynamoDB (what is really stored). */
export async function scanTable(client: DynamoDBClient, tableName: string): Promise<Record<string, unknown>[]> {
  const result = await DynamoDBDocumentClient.from(client).send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
  return (result.Items ?? []) as Record<string, unknown>[];
}

/** One item by key, straight from DynamoDB. */
export async function getItem(client: DynamoDBClient, tableName: string, key: string): Promise<Record<string, unknown> | undefined> {
  const result = await DynamoDBDocumentClient.from(client).send(
    new GetCommand({ TableName: tableName, Key: { id: key }, ConsistentRead: true }),
  );
  return result.Item as Record<string, unknown> | undefined;
}
