import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { freePort, startEmbeddedDynamoDb } from '../sample/embedded-dynamodb.js';
import { runCli } from '../src/cli/run-cli.js';
import { localEndpoint, createPlainTable } from './support/dynamodb.js';
import { FaultProxy } from './support/fault-proxy.js';
import { forwardRequest } from './support/forward-request.js';
import { DEFAULT_TABLE_ATTRIBUTES, DEFAULT_USER_INDEX } from './support/user-index.js';

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment the CLI sees by default: DynamoDB Local's endpoint, the region and dummy keys. */
function localEnv(): Record<string, string | undefined> {
  return {
    DYNAMODB_ENDPOINT: localEndpoint(),
    AWS_REGION: process.env['AWS_REGION'],
    AWS_ACCESS_KEY_ID: process.env['AWS_ACCESS_KEY_ID'],
    AWS_SECRET_ACCESS_KEY: process.env['AWS_SECRET_ACCESS_KEY'],
  };
}

/** Runs the CLI in-process and collects what it wrote. */
async function cli(
  args: string[],
  env: Record<string, string | undefined> = localEnv(),
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

const uniqueTable = (): string => `cli-${randomUUID()}`;

/** The `fix:` lines of a report. */
function fixes(output: string): string[] {
  return [...output.matchAll(/^ +fix: (.*)$/gm)].map((match) => match[1] as string);
}

/** A single-quoted shell word of a command line, e.g. the JSON after `--global-secondary-index-updates`. */
function quotedArgument(command: string, flag: string): string {
  const match = new RegExp(`${flag} '([^']*)'`).exec(command);
  if (match === null) throw new Error(`no ${flag} '...' in: ${command}`);
  return match[1] as string;
}

/** An HTTP endpoint that forwards to DynamoDB Local and records each request's operation and body. */
class RecordingEndpoint {
  readonly requests: { operation: string; body: Record<string, unknown> }[] = [];
  private readonly server: Server;

  private constructor(target: URL) {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        this.requests.push({ operation, body: JSON.parse(body.toString() || '{}') });
        forwardRequest(target, request, response, body);
      });
    });
  }

  static async start(target: string): Promise<RecordingEndpoint> {
    const endpoint = new RecordingEndpoint(new URL(target));
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  get url(): string {
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An endpoint that answers every request as DynamoDB does when IAM denies it. */
async function accessDeniedEndpoint(action: (operation: string) => string): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const body = JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException',
        message: `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: ${action(operation)} on resource: arn:aws:dynamodb:us-east-1:123456789012:table/sessions because no identity-based policy allows the ${action(operation)} action`,
      });
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function urlOf(server: Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

describe('the CLI (npx nestjs-dynamodb-session) on DynamoDB Local', () => {
  let client: DynamoDBClient;
  const describeTable = async (tableName: string): Promise<TableDescription> =>
    (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table!;

  beforeAll(() => {
    client = new DynamoDBClient({ endpoint: localEndpoint(), region: process.env['AWS_REGION'] });
  });
  afterAll(() => client.destroy());

  describe('create-table', () => {
    it('creates the table the module expects, shows progress on stderr, and check then passes', async () => {
      const table = uniqueTable();
      const created = await cli(['create-table', '--table', table]);
      expect(created).toMatchObject({ code: 0 });
      expect(created.stdout).toContain(`Created table ${table}`);
      expect(created.stderr).toContain(`Table ${table} is ACTIVE`);
      expect(created.stderr).toContain('Enabling TTL on expires');

      const description = await describeTable(table);
      expect(description.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
      expect(description.AttributeDefinitions).toEqual(
        expect.arrayContaining(DEFAULT_TABLE_ATTRIBUTES),
      );
      expect(description.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(description.GlobalSecondaryIndexes).toEqual([
        expect.objectContaining({ ...DEFAULT_USER_INDEX, IndexStatus: 'ACTIVE' }),
      ]);
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toEqual({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: 'expires',
      });

      const checked = await cli(['check', '--table', table]);
      expect(checked.code).toBe(0);
      expect(checked.stdout).toMatch(/PASS {2}table exists/);
      expect(checked.stdout).toMatch(/PASS {2}key schema: partition key id \(S\), no sort key/);
      expect(checked.stdout).toMatch(/PASS {2}time to live: enabled on expires/);
      expect(checked.stdout).toMatch(/PASS {2}user index: index userId-index/);
      expect(checked.stdout).toContain('All 5 checks passed.');
      expect(checked.stdout).not.toContain('FAIL');
    });

    it('is idempotent: a second run finds the matching table, says so and exits 0', async () => {
      const table = uniqueTable();
      expect((await cli(['create-table', '--table', table])).code).toBe(0);
      const again = await cli(['create-table', '--table', table]);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(`Table ${table} already exists and matches: nothing to do.\n`);
    });

    it('finishes the table when the first CreateTable made it but its answer was lost (TTL on, exit 0)', async () => {
      const table = uniqueTable();
      const proxy = await FaultProxy.start(localEndpoint());
      try {
        proxy.mode = 'lose-answer';
        proxy.faultOnly = ['CreateTable'];
        proxy.faultCount = 1;
        const created = await cli(['create-table', '--table', table, '--endpoint', proxy.endpoint]);
        // The SDK sent CreateTable again, and DynamoDB answered that the table exists.
        expect(proxy.count('CreateTable')).toBe(2);
        expect(created.stdout).toContain(`Created table ${table}`);
        expect(created).toMatchObject({ code: 0 });
        expect(created.stderr).toContain('exists after CreateTable was retried');
        expect(created.stderr).toContain('Enabling TTL on expires');
      } finally {
        await proxy.close();
      }
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toEqual({
        TimeToLiveStatus: 'ENABLED',
        AttributeName: 'expires',
      });
      const checked = await cli(['check', '--table', table]);
      expect(checked.stdout).toContain('All 5 checks passed.');
    });

    it('reports how an existing table differs, exits 1, and leaves it as it is', async () => {
      const table = uniqueTable();
      expect((await cli(['create-table', '--table', table, '--no-user-index'])).code).toBe(0);
      const again = await cli(['create-table', '--table', table, '--provisioned', '2,2']);
      expect(again.code).toBe(1);
      expect(again.stdout).toContain(`Table ${table} already exists but differs`);
      expect(again.stdout).toMatch(/FAIL {2}user index: no index userId-index/);
      expect(again.stdout).toMatch(/FAIL {2}billing: the table is on-demand/);
      expect(again.stdout).not.toContain('PASS');
      expect((await describeTable(table)).GlobalSecondaryIndexes).toBeUndefined();
    });

    it('creates a provisioned table with a stream and tags, as DescribeTable (and the request) show', async () => {
      const table = uniqueTable();
      const recorder = await RecordingEndpoint.start(localEndpoint());
      try {
        const created = await cli([
          'create-table',
          '--table',
          table,
          '--endpoint',
          recorder.url,
          '--provisioned',
          '3,4',
          '--stream',
          'new-and-old-images',
          '--tag',
          'team=web',
          '--tag',
          'cost-center=42',
        ]);
        expect(created.code).toBe(0);
        const description = await describeTable(table);
        expect(description.ProvisionedThroughput).toMatchObject({
          ReadCapacityUnits: 3,
          WriteCapacityUnits: 4,
        });
        expect(description.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toMatchObject({
          ReadCapacityUnits: 3,
          WriteCapacityUnits: 4,
        });
        expect(description.StreamSpecification).toEqual({
          StreamEnabled: true,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        });
        // DynamoDB Local accepts tags on CreateTable but cannot list them: check the request.
        const create = recorder.requests.find((sent) => sent.operation === 'CreateTable');
        expect(create?.body['Tags']).toEqual([
          { Key: 'team', Value: 'web' },
          { Key: 'cost-center', Value: '42' },
        ]);

        const checked = await cli([
          'check',
          '--table',
          table,
          '--provisioned',
          '3,4',
          '--stream',
          'new-and-old-images',
          '--tag',
          'team=web',
        ]);
        expect(checked.code).toBe(0);
        expect(checked.stdout).toMatch(/PASS {2}billing: provisioned \(3 read, 4 write\)/);
        expect(checked.stdout).toMatch(/PASS {2}stream: stream enabled, NEW_AND_OLD_IMAGES/);
        expect(checked.stdout).toMatch(/PASS {2}tags: not verified \(team=web\)/);

        const other = await cli(['check', '--table', table, '--stream', 'keys-only']);
        expect(other.code).toBe(1);
        expect(other.stdout).toMatch(/FAIL {2}stream: the stream records NEW_AND_OLD_IMAGES/);
      } finally {
        await recorder.close();
      }
    });
  });

  describe('check', () => {
    it('fails for a table made with --no-user-index, and its fix adds the index', async () => {
      // DynamoDB Local backfills a new index on a pool of 10 threads that its TTL sweeps share: a
      // sweep holds a thread 10 s per 20 items of a TTL-enabled table, so the tables the other
      // suites left behind can starve the backfill for minutes. This test gets an emulator of its own.
      const own = await startEmbeddedDynamoDb();
      const ownClient = new DynamoDBClient({
        endpoint: own.endpoint,
        region: process.env['AWS_REGION'],
      });
      const env = { ...localEnv(), DYNAMODB_ENDPOINT: own.endpoint };
      try {
        await addsTheIndexItNames(ownClient, env);
      } finally {
        ownClient.destroy();
        await own.stop();
      }
    }, 180_000);

    async function addsTheIndexItNames(
      ownClient: DynamoDBClient,
      env: Record<string, string | undefined>,
    ): Promise<void> {
      const run = (args: string[]): Promise<CliRun> => cli(args, env);
      const table = uniqueTable();
      expect((await run(['create-table', '--table', table, '--no-user-index'])).code).toBe(0);
      expect((await run(['check', '--table', table, '--no-user-index'])).code).toBe(0);

      const checked = await run(['check', '--table', table]);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(/FAIL {2}user index: no index userId-index/);
      expect(checked.stdout).toContain('1 of 5 checks failed.');
      const [fix] = fixes(checked.stdout);
      expect(fix).toMatch(
        new RegExp(
          `^aws dynamodb update-table --table-name ${table} --attribute-definitions AttributeName=userId,AttributeType=S AttributeName=createdAt,AttributeType=N --global-secondary-index-updates '.*' --region us-east-1 --endpoint-url ${env['DYNAMODB_ENDPOINT']}$`,
        ),
      );

      // Apply the fix (what the AWS CLI would send) and check again.
      await ownClient.send(
        new UpdateTableCommand({
          TableName: table,
          AttributeDefinitions: [
            { AttributeName: 'userId', AttributeType: 'S' },
            { AttributeName: 'createdAt', AttributeType: 'N' },
          ],
          GlobalSecondaryIndexUpdates: JSON.parse(
            quotedArgument(fix!, '--global-secondary-index-updates'),
          ),
        }),
      );
      // DynamoDB Local backfills the new index in about a second: check until it passes.
      const deadline = Date.now() + 60_000;
      let after = await run(['check', '--table', table]);
      while (after.code !== 0 && Date.now() < deadline) {
        expect(after.stdout).toMatch(/FAIL {2}(user index: index userId-index is|table active)/);
        await new Promise((resolve) => setTimeout(resolve, 200));
        after = await run(['check', '--table', table]);
      }
      expect(after).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('All 5 checks passed.'),
      });
    }

    it('fails on a table without TTL and names the exact fix', async () => {
      const table = uniqueTable();
      await client.send(
        new CreateTableCommand({
          TableName: table,
          AttributeDefinitions: DEFAULT_TABLE_ATTRIBUTES,
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [DEFAULT_USER_INDEX],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      const checked = await cli(['check', '--table', table]);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(/FAIL {2}time to live: TTL is disabled/);
      expect(fixes(checked.stdout)).toEqual([
        `aws dynamodb update-time-to-live --table-name ${table} --time-to-live-specification Enabled=true,AttributeName=expires --region us-east-1 --endpoint-url ${localEndpoint()}`,
      ]);

      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: table,
          TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' },
        }),
      );
      expect((await cli(['check', '--table', table])).code).toBe(0);
    });

    it('fails on a table whose key is a number, and on a table with a sort key', async () => {
      const numeric = uniqueTable();
      await createPlainTable(client, numeric, 'N');
      const checked = await cli(['check', '--table', numeric, '--no-user-index']);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(
        /FAIL {2}key schema: partition key id \(N\); the module needs partition key id \(S\), no sort key/,
      );
      expect(fixes(checked.stdout)[0]).toContain(
        `a key schema cannot be changed: create another table and point the module's tableName at it: npx nestjs-dynamodb-session create-table --table ${numeric}-v2`,
      );

      const sorted = uniqueTable();
      await client.send(
        new CreateTableCommand({
          TableName: sorted,
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'at', AttributeType: 'N' },
          ],
          KeySchema: [
            { AttributeName: 'id', KeyType: 'HASH' },
            { AttributeName: 'at', KeyType: 'RANGE' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      expect((await cli(['check', '--table', sorted, '--no-user-index'])).stdout).toMatch(
        /FAIL {2}key schema: partition key id \(S\), sort key at \(N\)/,
      );
    });

    it('reports a missing table as one failed check with the create-table command', async () => {
      const table = uniqueTable();
      const checked = await cli(['check', '--table', table, '--key-attribute', 'sid']);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(/FAIL {2}table exists: no table/);
      expect(fixes(checked.stdout)).toEqual([
        `npx nestjs-dynamodb-session create-table --table ${table} --region us-east-1 --endpoint ${localEndpoint()} --key-attribute sid`,
      ]);
      expect(checked.stdout).toContain('1 of 1 checks failed.');
    });
  });

  describe('delete-table', () => {
    it('refuses without --yes and keeps the table; with --yes the table is gone', async () => {
      const table = uniqueTable();
      expect((await cli(['create-table', '--table', table])).code).toBe(0);

      const refused = await cli(['delete-table', '--table', table]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('Add --yes to confirm');
      expect((await describeTable(table)).TableStatus).toBe('ACTIVE');

      const deleted = await cli(['delete-table', '--table', table, '--yes']);
      expect(deleted).toMatchObject({ code: 0 });
      expect(deleted.stdout).toContain(`Deleted table ${table}`);
      await expect(describeTable(table)).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });

      const again = await cli(['delete-table', '--table', table, '--yes']);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`Table ${table} does not exist`);
    });
  });

  describe('options and environment', () => {
    it('reads SESSION_TABLE and DYNAMODB_ENDPOINT, and flags win over them', async () => {
      const table = uniqueTable();
      const closed = `http://127.0.0.1:${await freePort()}`;
      const env = { ...localEnv(), SESSION_TABLE: table };
      expect((await cli(['create-table'], env)).stdout).toContain(`Created table ${table}`);
      // The flag's endpoint and table win over the environment's.
      const flags = await cli(['check', '--table', table, '--endpoint', localEndpoint()], {
        ...env,
        DYNAMODB_ENDPOINT: closed,
        SESSION_TABLE: 'some-other-table',
      });
      expect(flags.code).toBe(0);
      expect(flags.stdout).toContain(`Checking table ${table}`);
    });

    it('checks a table created with other attribute and index names', async () => {
      const table = uniqueTable();
      const names = [
        '--key-attribute',
        'sid',
        '--expires-attribute',
        'ttl',
        '--user-index-name',
        'by-user',
      ];
      expect((await cli(['create-table', '--table', table, ...names])).code).toBe(0);
      const description = await describeTable(table);
      expect(description.KeySchema).toEqual([{ AttributeName: 'sid', KeyType: 'HASH' }]);
      expect(description.GlobalSecondaryIndexes?.[0]?.IndexName).toBe('by-user');
      expect((await cli(['check', '--table', table, ...names])).code).toBe(0);

      const defaults = await cli(['check', '--table', table]);
      expect(defaults.code).toBe(1);
      expect(defaults.stdout).toMatch(/FAIL {2}key schema: partition key sid \(S\)/);
      expect(defaults.stdout).toContain("set the module option keyAttribute: 'sid'");
      expect(defaults.stdout).toMatch(/FAIL {2}time to live: TTL is on ttl, not on expires/);
      expect(defaults.stdout).toMatch(/FAIL {2}user index: no index userId-index/);
    });
  });

  describe('usage', () => {
    it.each([
      [['frobnicate'], /unknown command "frobnicate"/],
      [['check', '--frob'], /unknown option --frob/],
      [[], /no command given/],
      [['check', 'extra'], /unexpected argument "extra"/],
      [['check', '--yes'], /check takes no --yes/],
    ])('%j prints the usage and exits 2', async (args, message) => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain('Usage: nestjs-dynamodb-session <command> [options]');
      expect(run.stdout).toBe('');
    });

    it.each([
      [['create-table', '--table'], /option --table needs a value/],
      [['create-table', '--stream', 'all'], /--stream: must be one of new-and-old-images/],
      [['create-table', '--provisioned', '5'], /--provisioned: must be READ,WRITE/],
      [['create-table', '--tag', 'team'], /--tag: must be KEY=VALUE/],
      [['create-table', '--tag', 'a=1', '--tag', 'a=2'], /--tag: a is given twice/],
      [['check', '--table', 'x'], /--table: must be 3 to 255 letters/],
      [['check', '--endpoint', 'localhost:8000'], /--endpoint: must be an http\(s\) URL/],
      [['check', '--no-user-index', '--user-index-name', 'i-x'], /exclude each other/],
    ])('%j names the bad value and exits 2', async (args, message) => {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("Run 'nestjs-dynamodb-session --help' for usage.");
    });

    it('names a bad environment variable', async () => {
      const run = await cli(['check'], { ...localEnv(), SESSION_TABLE: 'a' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/SESSION_TABLE: must be 3 to 255 letters/);
    });

    it('--help prints the usage on stdout and exits 0', async () => {
      for (const args of [['--help'], ['-h'], ['check', '--help'], ['help']]) {
        const run = await cli(args);
        expect(run).toMatchObject({ code: 0, stderr: '' });
        expect(run.stdout).toContain('Usage: nestjs-dynamodb-session <command> [options]');
        for (const command of ['create-table', 'check', 'delete-table'])
          expect(run.stdout).toContain(command);
      }
    });
  });

  describe('errors', () => {
    it('names an unreachable endpoint, quickly, without a stack trace', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const started = Date.now();
      const run = await cli(['check', '--table', 'sessions', '--endpoint', closed]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `nestjs-dynamodb-session: error: cannot reach DynamoDB at ${closed} (ECONNREFUSED): is it running, and is the endpoint right? (set the endpoint with --endpoint or DYNAMODB_ENDPOINT)\n`,
      );
      expect(run.stdout).toBe('');
    });

    it('names the IAM action DynamoDB denied, and the table, without a stack trace', async () => {
      const server = await accessDeniedEndpoint((operation) => `dynamodb:${operation}`);
      try {
        const env = { ...localEnv(), DYNAMODB_ENDPOINT: urlOf(server) };
        const check = await cli(['check'], env);
        expect(check.code).toBe(1);
        expect(check.stderr).toBe(
          'nestjs-dynamodb-session: error: not allowed to dynamodb:DescribeTable on table sessions: grant it (see docs/iam.md)\n',
        );
        const create = await cli(['create-table', '--table', 'my-sessions'], env);
        expect(create.code).toBe(1);
        expect(create.stderr).toContain(
          'error: not allowed to dynamodb:CreateTable on table my-sessions: grant it (see docs/iam.md)',
        );
        expect(create.stderr).not.toMatch(/^\s+at /m);
        const remove = await cli(['delete-table', '--yes'], env);
        expect(remove.stderr).toContain('not allowed to dynamodb:DeleteTable on table sessions');
      } finally {
        server.close();
      }
    });

    it('names the action from the denial when it is not the operation (CreateTable with tags needs TagResource)', async () => {
      const server = await accessDeniedEndpoint(() => 'dynamodb:TagResource');
      try {
        const run = await cli(['create-table', '--tag', 'team=web', '--endpoint', urlOf(server)]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(
          'error: not allowed to dynamodb:TagResource on table sessions: grant it (see docs/iam.md)',
        );
      } finally {
        server.close();
      }
    });

    it('says when the endpoint is not DynamoDB', async () => {
      const server = createServer((_request, response) => {
        response.writeHead(404, { 'content-type': 'text/html' });
        response.end('<h1>Not found</h1>');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const run = await cli(['check', '--endpoint', urlOf(server)]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(
          `the endpoint ${urlOf(server)} answered HTTP 404 to DescribeTable, not as DynamoDB does`,
        );
      } finally {
        server.close();
      }
    });
  });
});
