import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/** The table layout the module expects (defaults match the module's). */
export interface SessionTableOptions {
  tableName?: string;
  keyAttribute?: string;
  expiresAttribute?: string;
  /** Seconds to wait for the table to become ACTIVE. Default 120. */
  maxWaitSeconds?: number;
}

/**
 * Creates the sessions table (on-demand billing, string partition key) and enables TTL on the expiry
 * attribute. Idempotent: an existing table is kept, and TTL is enabled on it if it is not. Resolves
 * `'created'` or `'exists'`.
 */
export async function createSessionTable(
  client: DynamoDBClient,
  options: SessionTableOptions = {},
): Promise<'created' | 'exists'> {
  const TableName = options.tableName ?? 'sessions';
  const keyAttribute = options.keyAttribute ?? 'id';
  const expiresAttribute = options.expiresAttribute ?? 'expires';
  let outcome: 'created' | 'exists' = 'created';
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: keyAttribute, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: keyAttribute, KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
    outcome = 'exists';
  }
  await waitUntilTableExists({ client, maxWaitTime: options.maxWaitSeconds ?? 120 }, { TableName });
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName }));
  const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
  if (status !== 'ENABLED' && status !== 'ENABLING') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: expiresAttribute, Enabled: true },
      }),
    );
  }
  return outcome;
}
