import {
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

/**
 * Keeps DynamoDB Local busy with a mix of PutItem, GetItem, UpdateItem and DeleteItem for `seconds`
 * on a scratch table. DynamoDB Local is a JVM: it answers about ten times faster once its JIT has
 * warmed up (100 GetItem/s in its first second on a 2-core machine, about 1000/s after 10 s), so
 * without this the first target measured would pay for everyone's warm-up. Returns the calls made.
 */
export async function warmUpDynamoDb(
  endpoint: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  seconds: number,
  concurrency = 8,
): Promise<number> {
  const client = new DynamoDBClient({ endpoint, region, credentials: { ...credentials } });
  const TableName = 'bench-warm-up';
  let calls = 0;
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        for (let n = 0; Date.now() < end; n += 1) {
          const Key = { id: { S: `warm-up-${worker}-${n}` } };
          await client.send(
            new PutItemCommand({ TableName, Item: { ...Key, data: { M: { n: { N: '1' } } } } }),
          );
          await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
          await client.send(
            new UpdateItemCommand({
              TableName,
              Key,
              UpdateExpression: 'SET #data.#n = :n',
              ExpressionAttributeNames: { '#data': 'data', '#n': 'n' },
              ExpressionAttributeValues: { ':n': { N: String(n) } },
            }),
          );
          await client.send(new GetItemCommand({ TableName, Key, ConsistentRead: true }));
          await client.send(new DeleteItemCommand({ TableName, Key }));
          calls += 5;
        }
      }),
    );
    await client.send(new DeleteTableCommand({ TableName }));
  } finally {
    client.destroy();
  }
  return calls;
}
