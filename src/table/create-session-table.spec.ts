import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { CountingClient, localEndpoint, createPlainTable } from '../../test/support/dynamodb.js';
import { DEFAULT_TABLE_ATTRIBUTES, DEFAULT_USER_INDEX } from '../../test/support/user-index.js';
import { checkSessionTable } from './check-session-table.js';
import { createSessionTable, createTableInput } from './create-session-table.js';
import { deleteSessionTable } from './delete-session-table.js';
import { resolveSessionTableOptions } from './session-table-options.js';
import { SessionTableError } from './session-table.error.js';

const uniqueTable = (): string => `table-api-${randomUUID()}`;

describe('createTableInput', () => {
  it('describes the default table: id (S), on-demand, the user index on userId (S) by createdAt (N), projecting the summary', () => {
    expect(createTableInput(resolveSessionTableOptions({ tableName: 'sessions' }))).toEqual({
      TableName: 'sessions',
      AttributeDefinitions: DEFAULT_TABLE_ATTRIBUTES,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [DEFAULT_USER_INDEX],
    });
  });

  it('projects the expiry attribute the options name', () => {
    const input = createTableInput(resolveSessionTableOptions({ expiresAttribute: 'ttl' }));
    expect(input.GlobalSecondaryIndexes?.[0]?.Projection?.NonKeyAttributes).toEqual([
      'touchedAt',
      'ttl',
      'userAgent',
      'clientIp',
    ]);
  });

  it('gives the index the table throughput, and adds the stream and tags', () => {
    const input = createTableInput(
      resolveSessionTableOptions({
        keyAttribute: 'sid',
        userIndexName: 'by-user',
        billing: { mode: 'provisioned', read: 7, write: 3 },
        stream: 'KEYS_ONLY',
        tags: { team: 'web' },
      }),
    );
    const throughput = { ReadCapacityUnits: 7, WriteCapacityUnits: 3 };
    expect(input).toMatchObject({
      KeySchema: [{ AttributeName: 'sid', KeyType: 'HASH' }],
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: throughput,
      GlobalSecondaryIndexes: [{ IndexName: 'by-user', ProvisionedThroughput: throughput }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      Tags: [{ Key: 'team', Value: 'web' }],
    });
  });

  it('creates no index with userIndexName: false', () => {
    const input = createTableInput(resolveSessionTableOptions({ userIndexName: false }));
    expect(input.GlobalSecondaryIndexes).toBeUndefined();
    expect(input.AttributeDefinitions).toEqual([{ AttributeName: 'id', AttributeType: 'S' }]);
  });
});

describe('createSessionTable, checkSessionTable and deleteSessionTable on DynamoDB Local', () => {
  let client: CountingClient;
  const describeTable = async (tableName: string): Promise<TableDescription> =>
    (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table!;

  beforeEach(() => {
    client = new CountingClient();
  });
  afterEach(() => client.destroy());

  it('keeps the old contract: { tableName } resolves "created", then "exists"; the user index is made by default', async () => {
    const tableName = uniqueTable();
    await expect(createSessionTable(client, { tableName })).resolves.toBe('created');
    await expect(createSessionTable(client, { tableName })).resolves.toBe('exists');
    const table = await describeTable(tableName);
    expect(table.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['userId-index']);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expires');
    expect((await checkSessionTable(client, { tableName })).every((check) => check.ok)).toBe(true);
  });

  it('reports progress', async () => {
    const messages: string[] = [];
    await createSessionTable(client, {
      tableName: uniqueTable(),
      onProgress: (m) => messages.push(m),
    });
    expect(messages).toEqual([
      expect.stringMatching(/^Creating table table-api-.*: partition key id \(S\), TTL on expires/),
      expect.stringMatching(/^Table table-api-.* is ACTIVE$/),
      'Enabling TTL on expires',
      expect.stringMatching(/^Table table-api-.* is ready$/),
    ]);
  });

  it('is safe when several instances create the table at once: one creates it, all see it ready', async () => {
    const tableName = uniqueTable();
    const clients = Array.from(
      { length: 6 },
      () => new DynamoDBClient({ endpoint: localEndpoint() }),
    );
    try {
      const outcomes = await Promise.all(
        clients.map((each) => createSessionTable(each, { tableName })),
      );
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'exists')).toHaveLength(5);
      const checks = await checkSessionTable(client, { tableName });
      expect(checks.filter((check) => !check.ok)).toEqual([]);
    } finally {
      clients.forEach((each) => each.destroy());
    }
  });

  it('enables TTL on an existing table without it (as it always has) and warns about what else differs', async () => {
    const tableName = uniqueTable();
    await createPlainTable(client, tableName);
    const messages: string[] = [];
    await expect(
      createSessionTable(client, { tableName, onProgress: (m) => messages.push(m) }),
    ).resolves.toBe('exists');
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expires',
    });
    // The index is not added to an existing table (that is a backfill): it is reported.
    expect((await describeTable(tableName)).GlobalSecondaryIndexes).toBeUndefined();
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^Warning: table .* user index: no index userId-index .*\(fix: aws dynamodb update-table/,
      ),
    );
  });

  it('sends the tags with CreateTable (DynamoDB Local accepts them but cannot list them)', async () => {
    const tableName = uniqueTable();
    await createSessionTable(client, { tableName, tags: { team: 'web', env: 'test' } });
    const create = client.sent.find((call) => call.name === 'CreateTable');
    expect(create?.input['Tags']).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: 'env', Value: 'test' },
    ]);
    const [tags] = (await checkSessionTable(client, { tableName, tags: { team: 'web' } })).filter(
      (check) => check.name === 'tags',
    );
    expect(tags).toMatchObject({ ok: true, detail: expect.stringMatching(/^not verified/) });
  });

  it('deletes a table and waits until it is gone; a missing table is "absent"', async () => {
    const tableName = uniqueTable();
    await createSessionTable(client, { tableName });
    await expect(deleteSessionTable(client, tableName)).resolves.toBe('deleted');
    await expect(describeTable(tableName)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(deleteSessionTable(client, tableName)).resolves.toBe('absent');
  });

  it('rejects bad options before calling DynamoDB', async () => {
    await expect(
      createSessionTable(client, {
        tableName: 'x',
        billing: { mode: 'provisioned', read: 0, write: 1.5 },
      }),
    ).rejects.toThrow(/tableName: must be 3 to 255[\s\S]*billing: read and write must be whole/);
    expect(client.count()).toBe(0);
  });
});

describe('waiting (with a client whose table never becomes ACTIVE)', () => {
  /** Answers DescribeTable with CREATING forever; CreateTable says it is in use. */
  function creatingForever(): DynamoDBClient {
    const inUse = Object.assign(new Error('Table already exists'), {
      name: 'ResourceInUseException',
    });
    return {
      config: { region: async () => 'us-east-1' },
      send: async (command: unknown) => {
        if (command instanceof CreateTableCommand) throw inUse;
        return { Table: { TableName: 'slow', TableStatus: 'CREATING' } };
      },
    } as unknown as DynamoDBClient;
  }

  it('gives up after maxWaitSeconds with a timeout error naming the status', async () => {
    const messages: string[] = [];
    const started = Date.now();
    const error = await createSessionTable(creatingForever(), {
      tableName: 'slow',
      maxWaitSeconds: 0.5,
      onProgress: (message) => messages.push(message),
    }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(SessionTableError);
    expect(error).toMatchObject({
      kind: 'timeout',
      message: 'table slow is not ACTIVE after 0.5 s (table CREATING)',
    });
    expect(messages).toContain('Waiting for table slow to be ACTIVE: table CREATING (0 s)');
  });
});
