import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tuneBuiltClient } from '../src/repository/built-client-tuning.js';
import { PlainCommands } from '../src/repository/plain-commands.js';
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
  // A client the application passed: every call through send.
  const documentClient = DynamoDBDocumentClient.from(base);
  const client = documentClient as unknown as DynamoDBClient;
  // A client the module built: tuned, its plain commands reuse handlers.
  const builtBase = new DynamoDBClient({
    endpoint: localEndpoint(),
    region: process.env['AWS_REGION'] ?? 'us-east-1',
    logger,
  });
  const built = DynamoDBDocumentClient.from(builtBase);
  tuneBuiltClient(builtBase, built);
  let tableName = '';
  const Key = { id: { S: 'plain-1' } };
  const OtherKey = { id: { S: 'plain-2' } };

  beforeAll(async () => {
    tableName = await createTestTable(base);
    await base.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...Key, data: { M: { cart: { L: [{ M: { sku: { S: 'SKU-1' } } }] } } } },
      }),
    );
    await base.send(
      new PutItemCommand({ TableName: tableName, Item: { ...OtherKey, data: { S: 'other' } } }),
    );
  });
  afterAll(async () => {
    await deleteTable(base, tableName);
    base.destroy();
    builtBase.destroy();
  });

  it.each([
    ['passed', () => documentClient],
    ['built', () => built],
  ])(
    'sends a plain command through a %s document client, and hands its logger the output as it is',
    async (_kind, clientOf) => {
      logged.length = 0;
      const { Item } = await new PlainCommands(clientOf()).send(
        new GetItemCommand({ TableName: tableName, Key }),
        new AbortController().signal,
      );
      expect(Item?.['data']).toEqual({ M: { cart: { L: [{ M: { sku: { S: 'SKU-1' } } }] } } });
      const [entry] = logged;
      expect(entry?.commandName).toBe('GetItemCommand');
      // Not copied value by value through the schema: the very item the call answered.
      expect(entry?.output.Item).toBe(Item);
    },
  );

  it('without it, the SDK copies every value of the output for its logger (the cost it spares)', async () => {
    logged.length = 0;
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key }));
    const [entry] = logged;
    expect(entry?.output.Item).toEqual(Item);
    expect(entry?.output.Item).not.toBe(Item);
  });

  it('on a built client, serves the calls of one deadline window through one handler, each with its own input', async () => {
    const plain = new PlainCommands(built);
    const window = new AbortController().signal;
    const first = await plain.send(new GetItemCommand({ TableName: tableName, Key }), window);
    // Middleware added to the client now reaches the calls of the next window, not of this one.
    let seen = 0;
    builtBase.middlewareStack.add(
      (next) => (args) => {
        seen += 1;
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    try {
      const [again, other] = await Promise.all([
        plain.send(new GetItemCommand({ TableName: tableName, Key }), window),
        plain.send(new GetItemCommand({ TableName: tableName, Key: OtherKey }), window),
      ]);
      expect(again.Item).toEqual(first.Item);
      expect(other.Item).toEqual({ ...OtherKey, data: { S: 'other' } });
      expect(seen).toBe(0);
      await plain.send(
        new GetItemCommand({ TableName: tableName, Key }),
        new AbortController().signal,
      );
      expect(seen).toBe(1);
    } finally {
      builtBase.middlewareStack.remove('countCalls');
    }
  });

  it('on a passed client, sends every call through client.send (where tracing wraps it)', async () => {
    const plain = new PlainCommands(documentClient);
    const window = new AbortController().signal;
    await plain.send(new GetItemCommand({ TableName: tableName, Key }), window);
    const sent: string[] = [];
    const send = client.send.bind(client);
    client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
      sent.push(command.constructor.name);
      return (send as (...args: unknown[]) => unknown)(command, ...rest);
    }) as typeof client.send;
    try {
      const { Item } = await plain.send(
        new GetItemCommand({ TableName: tableName, Key: OtherKey }),
        window,
      );
      expect(Item).toEqual({ ...OtherKey, data: { S: 'other' } });
      expect(sent).toEqual(['GetItemCommand']);
    } finally {
      delete (client as { send?: unknown }).send;
    }
  });

  it("bounds each call by its window's signal: a kept handler's calls stop once it aborts", async () => {
    const plain = new PlainCommands(built);
    const window = new AbortController();
    await plain.send(new GetItemCommand({ TableName: tableName, Key }), window.signal);
    window.abort(new DOMException('no answer within 1 ms', 'TimeoutError'));
    await expect(
      plain.send(new GetItemCommand({ TableName: tableName, Key }), window.signal),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
