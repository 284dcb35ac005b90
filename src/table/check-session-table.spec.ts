import type { TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import { compareSessionTable } from './compare-session-table.js';
import type { SessionTableCheck } from './session-table-check.js';
import { resolveSessionTableOptions, type SessionTableOptions } from './session-table-options.js';
import { shellWord } from './table-fix-commands.js';
import {
  DEFAULT_TABLE_ATTRIBUTES,
  DEFAULT_USER_INDEX,
  defaultUserIndex,
} from '../../test/support/user-index.js';

/** The table createSessionTable makes by default, as DescribeTable shows it. */
function goodTable(): TableDescription {
  return {
    TableName: 'sessions',
    TableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/sessions',
    TableStatus: 'ACTIVE',
    AttributeDefinitions: structuredClone(DEFAULT_TABLE_ATTRIBUTES),
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
    GlobalSecondaryIndexes: [
      {
        ...defaultUserIndex(),
        IndexStatus: 'ACTIVE',
        ProvisionedThroughput: { ReadCapacityUnits: 0, WriteCapacityUnits: 0 },
      },
    ],
  };
}

const ENABLED: TimeToLiveDescription = { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires' };

function compare(
  table: TableDescription,
  ttl: TimeToLiveDescription | undefined = ENABLED,
  options: SessionTableOptions = {},
  tags?: Parameters<typeof compareSessionTable>[2],
): SessionTableCheck[] {
  return compareSessionTable(table, ttl, tags, resolveSessionTableOptions(options), {
    region: 'eu-west-1',
  });
}

function failed(checks: SessionTableCheck[]): SessionTableCheck[] {
  return checks.filter((check) => !check.ok);
}

describe('compareSessionTable', () => {
  it('passes the default table, and checks billing, stream and tags only when asked', () => {
    const checks = compare(goodTable());
    expect(checks.map((check) => [check.name, check.ok])).toEqual([
      ['table active', true],
      ['key schema', true],
      ['time to live', true],
      ['user index', true],
    ]);
  });

  it('names the AWS CLI command that enables TTL, with the region', () => {
    expect(failed(compare(goodTable(), { TimeToLiveStatus: 'DISABLED' }))).toEqual([
      {
        name: 'time to live',
        ok: false,
        detail: expect.stringMatching(/^TTL is disabled/),
        fix: 'aws dynamodb update-time-to-live --table-name sessions --time-to-live-specification Enabled=true,AttributeName=expires --region eu-west-1',
      },
    ]);
  });

  it('fails TTL on another attribute (sessions would never be deleted) and while being disabled', () => {
    const [other] = failed(
      compare(goodTable(), { TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' }),
    );
    expect(other?.detail).toBe(
      'TTL is on ttl, not on expires: expired sessions would never be deleted',
    );
    expect(other?.fix).toContain('Enabled=false,AttributeName=ttl');
    expect(other?.fix).toContain("expiresAttribute: 'ttl'");
    const [disabling] = failed(compare(goodTable(), { TimeToLiveStatus: 'DISABLING' }));
    expect(disabling?.detail).toBe('TTL is being disabled');
    expect(
      compare(goodTable(), { TimeToLiveStatus: 'ENABLING', AttributeName: 'expires' })[2],
    ).toEqual({ name: 'time to live', ok: true, detail: 'being enabled on expires' });
  });

  it('fails a numeric key, another key name and a sort key', () => {
    const numeric = goodTable();
    numeric.AttributeDefinitions![0] = { AttributeName: 'id', AttributeType: 'N' };
    expect(failed(compare(numeric))[0]?.detail).toBe(
      'partition key id (N); the module needs partition key id (S), no sort key',
    );
    const renamed = goodTable();
    renamed.KeySchema = [{ AttributeName: 'sid', KeyType: 'HASH' }];
    renamed.AttributeDefinitions![0] = { AttributeName: 'sid', AttributeType: 'S' };
    expect(failed(compare(renamed))[0]?.fix).toMatch(
      /create-table --table sessions-v2 --region eu-west-1; or keep this table and set the module option keyAttribute: 'sid'/,
    );
    const sorted = goodTable();
    sorted.KeySchema!.push({ AttributeName: 'at', KeyType: 'RANGE' });
    expect(failed(compare(sorted))[0]?.detail).toMatch(
      /^partition key id \(S\), sort key at \(\?\)/,
    );
  });

  it('fails a user index that is missing, shaped otherwise, or still backfilling', () => {
    const missing = goodTable();
    missing.GlobalSecondaryIndexes = [];
    const [absent] = failed(compare(missing));
    expect(absent?.fix).toBe(
      `aws dynamodb update-table --table-name sessions --attribute-definitions AttributeName=userId,AttributeType=S AttributeName=createdAt,AttributeType=N --global-secondary-index-updates '${JSON.stringify([{ Create: DEFAULT_USER_INDEX }])}' --region eu-west-1`,
    );
    const expected =
      'expected partition key userId (S), sort key createdAt (N), INCLUDE touchedAt, expires, userAgent, clientIp';

    const all = goodTable();
    all.GlobalSecondaryIndexes![0]!.Projection = { ProjectionType: 'ALL' };
    all.GlobalSecondaryIndexes![0]!.KeySchema![1] = {
      AttributeName: 'touchedAt',
      KeyType: 'RANGE',
    };
    const [shaped] = failed(compare(all));
    expect(shaped?.detail).toBe(
      `index userId-index has sort key touchedAt, projection ALL; ${expected}`,
    );
    expect(shaped?.fix).toMatch(
      /^an index cannot be changed: aws dynamodb update-table .*"Delete".*or create the new index under another name first/,
    );

    // The index of versions before bounded listing: KEYS_ONLY, no sort key.
    const old = goodTable();
    old.GlobalSecondaryIndexes![0]!.Projection = { ProjectionType: 'KEYS_ONLY' };
    old.GlobalSecondaryIndexes![0]!.KeySchema!.pop();
    expect(failed(compare(old))[0]?.detail).toBe(
      `index userId-index has sort key none, projection KEYS_ONLY; ${expected}`,
    );
    const short = goodTable();
    short.GlobalSecondaryIndexes![0]!.Projection!.NonKeyAttributes = ['touchedAt'];
    expect(failed(compare(short))[0]?.detail).toBe(
      `index userId-index has no projected expires, userAgent, clientIp; ${expected}`,
    );
    // The index of versions before the device list: it works, without the IP; replaced under a new name.
    const withoutIp = goodTable();
    withoutIp.GlobalSecondaryIndexes![0]!.Projection!.NonKeyAttributes = [
      'touchedAt',
      'expires',
      'userAgent',
    ];
    const [noIp] = failed(compare(withoutIp));
    expect(noIp?.detail).toBe(
      `index userId-index has no projected clientIp (sessions are listed without their IP until it is replaced); ${expected}`,
    );
    expect(noIp?.fix).toMatch(
      /^an index cannot be changed: create the new one under another name, aws dynamodb update-table .*"Create":\{"IndexName":"userId-index-v2".*"clientIp".*, set userIndexName to userId-index-v2 once it is ACTIVE, then aws dynamodb update-table .*"Delete":\{"IndexName":"userId-index"\}/,
    );

    const creating = goodTable();
    creating.GlobalSecondaryIndexes![0]!.IndexStatus = 'CREATING';
    expect(failed(compare(creating))[0]?.detail).toBe(
      'index userId-index is CREATING (backfilling)',
    );
    expect(failed(compare(missing, ENABLED, { userIndexName: false }))).toEqual([]);
  });

  it('adds the throughput to the index fix of a provisioned table', () => {
    const provisioned = goodTable();
    provisioned.BillingModeSummary = undefined;
    provisioned.ProvisionedThroughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 2 };
    provisioned.GlobalSecondaryIndexes = undefined;
    expect(failed(compare(provisioned))[0]?.fix).toContain(
      '"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":2}',
    );
  });

  it('checks billing, stream and tags when the options name them', () => {
    const checks = failed(
      compare(
        goodTable(),
        ENABLED,
        {
          billing: { mode: 'provisioned', read: 2, write: 1 },
          stream: 'NEW_IMAGE',
          tags: { team: 'web', app: 'shop' },
        },
        [{ Key: 'team', Value: 'web' }],
      ),
    );
    expect(checks.map((check) => [check.name, check.detail])).toEqual([
      ['billing', 'the table is on-demand; expected provisioned (2 read, 1 write)'],
      ['stream', 'no stream; expected NEW_IMAGE'],
      ['tags', 'missing app=shop'],
    ]);
    expect(checks[2]?.fix).toBe(
      'aws dynamodb tag-resource --resource-arn arn:aws:dynamodb:eu-west-1:123456789012:table/sessions --tags Key=app,Value=shop --region eu-west-1',
    );
    const unsupported = compare(goodTable(), ENABLED, { tags: { a: 'b' } }, { unsupported: 'no' });
    expect(unsupported.at(-1)).toMatchObject({ name: 'tags', ok: true });
  });

  it('fails a table that is not ACTIVE', () => {
    const table = { ...goodTable(), TableStatus: 'CREATING' as const };
    expect(failed(compare(table))).toEqual([
      {
        name: 'table active',
        ok: false,
        detail: 'status CREATING',
        fix: 'wait for it: aws dynamodb wait table-exists --table-name sessions --region eu-west-1',
      },
    ]);
  });
});

describe('shellWord', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(shellWord('Enabled=true,AttributeName=expires')).toBe(
      'Enabled=true,AttributeName=expires',
    );
    expect(shellWord('[{"a":1}]')).toBe(`'[{"a":1}]'`);
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
  });
});
