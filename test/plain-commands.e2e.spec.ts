import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { plainClientOf, withPlainLogging } from '../src/repository/plain-commands.js';
import { createTestTable, deleteTable, localEndpoint } from './support/dynamodb.js';

/** What a client's logger was handed for each call that succeeded. */
interface Logged {
  readonly commandName: string;
  readonly output: { Item?: unknown };
}

describe('plain commands through the document client, on DynamoDB Local', () => {
  const logged: Logged[] = [];
  const logger = {
    debug: () => undefined,
    info: (entry: Logged) => void logged.push(entry),
    warn: () => undefined,
    error: () => undefined,
  };
  const base = new DynamoDBClient({
    endpoint: localEndpoint(),
    region: process.env['AWS_REGION'] ?? 'us-east-1',
    logger,
  });
  const client = plainClientOf(DynamoDBDocumentClient.from(base));
  let tableName = '';
  const Key = { id: { S: 'plain-1' } };

  beforeAll(async () => {
    tableName = await createTestTable(base);
    await base.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...Key, data: { M: { cart: { L: [{ M: { sku: { S: 'SKU-1' } } }] } } } },
      }),
    );
  });
  afterAll(async () => {
    await deleteTable(base, tableName);
    base.destroy();
  });

  it('sends a plain command through the document client, and hands its logger the output as it is', async () => {
    logged.length = 0;
    const { Item } = await client.send(
      withPlainLogging(new GetItemCommand({ TableName: tableName, Key })),
    );
    expect(Item?.['data']).toEqual({ M: { cart: { L: [{ M: { sku: { S: 'SKU-1' } } }] } } });
    const [entry] = logged;
    expect(entry?.commandName).toBe('GetItemCommand');
    // Not copied value by value through the schema: the very item the call answered.
    expect(entry?.output.Item).toBe(Item);
  });

  it('without it, the SDK copies every value of the output for its logger (the cost it spares)', async () => {
    logged.length = 0;
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key }));
    const [entry] = logged;
    expect(entry?.output.Item).toEqual(Item);
    expect(entry?.output.Item).not.toBe(Item);
  });
});
