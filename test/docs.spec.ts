import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_EXPIRES_ATTRIBUTE,
  DEFAULT_KEY_ATTRIBUTE,
  DEFAULT_TABLE_NAME,
  DEFAULT_USER_INDEX_NAME,
  KEY_ATTRIBUTE_TYPE,
  USER_ID_ATTRIBUTE,
  USER_ID_ATTRIBUTE_TYPE,
  USER_INDEX_PROJECTION,
  USER_INDEX_SORT_KEY,
  USER_INDEX_SORT_KEY_TYPE,
  userIndexProjectedAttributes,
} from '../src/table/session-table.constants.js';
import { createTableInput } from '../src/table/create-session-table.js';
import { resolveSessionTableOptions } from '../src/table/session-table-options.js';

const root = join(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

/** The fenced code blocks of a markdown file under a `## heading` that starts with `heading`. */
function codeUnder(markdown: string, heading: string): string {
  const section = markdown.split('\n## ').find((part) => part.startsWith(heading));
  if (section === undefined) throw new Error(`no "## ${heading}" section`);
  const blocks = [...section.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  if (blocks.length === 0) throw new Error(`no code under "## ${heading}"`);
  return blocks.join('\n');
}

function capture(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (match === null) throw new Error(`${pattern} not found in:\n${text}`);
  return match[1] as string;
}

/** What each snippet says about the table, extracted by regex. */
interface TableFacts {
  tableName: string;
  key: string;
  keyType: string;
  sortKey: boolean;
  ttlAttribute: string;
  indexName: string;
  indexKey: string;
  indexKeyType: string;
  indexSortKey: string;
  indexSortKeyType: string;
  projection: string;
  projected: string[];
  billing: string;
}

/** The quoted names of a `['a', "b"]` list's inside. */
const listOf = (inside: string): string[] =>
  [...inside.matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1] as string);

/** DynamoDB's type letters for each tool's spelling. */
const TYPE = { STRING: 'S', S: 'S', NUMBER: 'N', N: 'N' } as Record<string, string>;

const EXTRACTORS: Record<string, (code: string) => TableFacts> = {
  'CloudFormation (YAML)': (code) => {
    const [table = '', indexes = ''] = code.split('GlobalSecondaryIndexes:');
    const key = capture(table, /KeySchema:\s*\n\s*- AttributeName: (\S+)\s*\n\s*KeyType: HASH/);
    const indexKey = capture(indexes, /- AttributeName: (\S+)\s*\n\s*KeyType: HASH/);
    const typeOf = (name: string) =>
      capture(code, new RegExp(`- AttributeName: ${name}\\s*\\n\\s*AttributeType: (\\S+)`));
    return {
      tableName: capture(code, /TableName: (\S+)/),
      key,
      keyType: typeOf(key),
      sortKey: /KeyType: RANGE/.test(table),
      ttlAttribute: capture(code, /TimeToLiveSpecification:\s*\n\s*AttributeName: (\S+)/),
      indexName: capture(indexes, /IndexName: (\S+)/),
      indexKey,
      indexKeyType: typeOf(indexKey),
      indexSortKey: capture(indexes, /- AttributeName: (\S+)\s*\n\s*KeyType: RANGE/),
      indexSortKeyType: typeOf(capture(indexes, /- AttributeName: (\S+)\s*\n\s*KeyType: RANGE/)),
      projection: capture(indexes, /ProjectionType: (\S+)/),
      projected: [
        ...capture(indexes, /NonKeyAttributes:\s*\n((?:\s*- \S+\n?)+)/).matchAll(/- (\S+)/g),
      ].map((m) => m[1] as string),
      billing: capture(code, /BillingMode: (\S+)/),
    };
  },
  'AWS CDK (TypeScript, aws-cdk-lib)': (code) => {
    const [table = '', indexes = ''] = code.split('globalSecondaryIndexes:');
    return {
      tableName: capture(table, /tableName: '([^']+)'/),
      key: capture(table, /partitionKey: \{ name: '([^']+)'/),
      keyType: TYPE[capture(table, /partitionKey: \{ name: '[^']+', type: AttributeType\.(\w+)/)]!,
      sortKey: /sortKey:/.test(table),
      ttlAttribute: capture(code, /timeToLiveAttribute: '([^']+)'/),
      indexName: capture(indexes, /indexName: '([^']+)'/),
      indexKey: capture(indexes, /partitionKey: \{ name: '([^']+)'/),
      indexKeyType:
        TYPE[capture(indexes, /partitionKey: \{ name: '[^']+', type: AttributeType\.(\w+)/)]!,
      indexSortKey: capture(indexes, /sortKey: \{ name: '([^']+)'/),
      indexSortKeyType:
        TYPE[capture(indexes, /sortKey: \{ name: '[^']+', type: AttributeType\.(\w+)/)]!,
      projection: capture(indexes, /projectionType: ProjectionType\.(\w+)/),
      projected: listOf(capture(indexes, /nonKeyAttributes: \[([^\]]*)\]/)),
      billing:
        capture(code, /billing: Billing\.(\w+)\(/) === 'onDemand'
          ? 'PAY_PER_REQUEST'
          : 'PROVISIONED',
    };
  },
  'Terraform (aws_dynamodb_table)': (code) => {
    const [table = '', indexes = ''] = code.split('global_secondary_index {');
    const key = capture(table, /\bhash_key\s*= "([^"]+)"/);
    const indexKey = capture(indexes, /\bhash_key\s*= "([^"]+)"/);
    const typeOf = (name: string) =>
      capture(code, new RegExp(`attribute \\{\\s*name = "${name}"\\s*type = "(\\w+)"`));
    return {
      tableName: capture(table, /\bname\s*= "([^"]+)"/),
      key,
      keyType: typeOf(key),
      sortKey: /\brange_key\b/.test(table),
      ttlAttribute: capture(code, /ttl \{\s*attribute_name = "([^"]+)"\s*enabled\s*= true/),
      indexName: capture(indexes, /\bname\s*= "([^"]+)"/),
      indexKey,
      indexKeyType: typeOf(indexKey),
      indexSortKey: capture(indexes, /\brange_key\s*= "([^"]+)"/),
      indexSortKeyType: typeOf(capture(indexes, /\brange_key\s*= "([^"]+)"/)),
      projection: capture(indexes, /projection_type\s*= "(\w+)"/),
      projected: listOf(capture(indexes, /non_key_attributes = \[([^\]]*)\]/)),
      billing: capture(code, /billing_mode = "(\w+)"/),
    };
  },
  'Pulumi (TypeScript, @pulumi/aws)': (code) => {
    const [table = '', indexes = ''] = code.split('globalSecondaryIndexes:');
    const key = capture(table, /hashKey: '([^']+)'/);
    const indexKey = capture(indexes, /hashKey: '([^']+)'/);
    const typeOf = (name: string) =>
      capture(code, new RegExp(`\\{ name: '${name}', type: '(\\w+)' \\}`));
    return {
      tableName: capture(table, /\bname: '([^']+)'/),
      key,
      keyType: typeOf(key),
      sortKey: /rangeKey:/.test(table),
      ttlAttribute: capture(code, /ttl: \{ attributeName: '([^']+)', enabled: true \}/),
      indexName: capture(indexes, /\bname: '([^']+)'/),
      indexKey,
      indexKeyType: typeOf(indexKey),
      indexSortKey: capture(indexes, /rangeKey: '([^']+)'/),
      indexSortKeyType: typeOf(capture(indexes, /rangeKey: '([^']+)'/)),
      projection: capture(indexes, /projectionType: '(\w+)'/),
      projected: listOf(capture(indexes, /nonKeyAttributes: \[([^\]]*)\]/)),
      billing: capture(code, /billingMode: '(\w+)'/),
    };
  },
};

describe('docs/table-definitions.md', () => {
  const markdown = read('docs/table-definitions.md');
  const input = createTableInput(resolveSessionTableOptions());
  /** The table the CLI and createSessionTable create by default. */
  const expected: TableFacts = {
    tableName: DEFAULT_TABLE_NAME,
    key: DEFAULT_KEY_ATTRIBUTE,
    keyType: KEY_ATTRIBUTE_TYPE,
    sortKey: false,
    ttlAttribute: DEFAULT_EXPIRES_ATTRIBUTE,
    indexName: DEFAULT_USER_INDEX_NAME,
    indexKey: USER_ID_ATTRIBUTE,
    indexKeyType: USER_ID_ATTRIBUTE_TYPE,
    indexSortKey: USER_INDEX_SORT_KEY,
    indexSortKeyType: USER_INDEX_SORT_KEY_TYPE,
    projection: USER_INDEX_PROJECTION,
    projected: userIndexProjectedAttributes(),
    billing: 'PAY_PER_REQUEST',
  };

  it('describes the table createTableInput builds (the constants are what CreateTable gets)', () => {
    expect(input).toMatchObject({
      TableName: expected.tableName,
      KeySchema: [{ AttributeName: expected.key, KeyType: 'HASH' }],
      BillingMode: expected.billing,
      GlobalSecondaryIndexes: [
        {
          IndexName: expected.indexName,
          KeySchema: [
            { AttributeName: expected.indexKey, KeyType: 'HASH' },
            { AttributeName: expected.indexSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: expected.projection, NonKeyAttributes: expected.projected },
        },
      ],
    });
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: expected.key, AttributeType: expected.keyType },
      { AttributeName: expected.indexKey, AttributeType: expected.indexKeyType },
      { AttributeName: expected.indexSortKey, AttributeType: expected.indexSortKeyType },
    ]);
  });

  it.each(Object.keys(EXTRACTORS))('%s defines the same table', (heading) => {
    const facts = EXTRACTORS[heading]!(codeUnder(markdown, heading));
    expect(facts).toEqual(expected);
  });

  it('has a definition for each tool, and the summary table matches', () => {
    const headings = [...markdown.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(expect.arrayContaining(Object.keys(EXTRACTORS)));
    expect(markdown).toContain(
      `| Partition key | \`${expected.key}\`, type \`${expected.keyType}\` (string), no sort key |`,
    );
    expect(markdown).toContain(`| TTL | enabled on \`${expected.ttlAttribute}\``);
    expect(markdown).toContain(
      `\`${expected.indexName}\`: partition key \`${expected.indexKey}\`, type \`${expected.indexKeyType}\`, sort key \`${expected.indexSortKey}\`, type \`${expected.indexSortKeyType}\`, projection \`${expected.projection}\` of ${expected.projected.map((name) => `\`${name}\``).join(', ')} |`,
    );
  });
});

/** The Action lists of each JSON policy under a `## heading` of docs/iam.md. */
function policyActions(markdown: string, heading: string): Map<string, string[]> {
  const section = markdown.split('\n## ').find((part) => part.startsWith(heading)) ?? '';
  const json = capture(section, /```json\n([\s\S]*?)```/);
  const policy = JSON.parse(json) as {
    Statement: { Action: string[]; Resource: string; Effect: string }[];
  };
  const byResource = new Map<string, string[]>();
  for (const statement of policy.Statement) {
    expect(statement.Effect).toBe('Allow');
    byResource.set(statement.Resource, [
      ...(byResource.get(statement.Resource) ?? []),
      ...statement.Action,
    ]);
  }
  return byResource;
}

/** The DynamoDB operations a folder's code sends (`new XCommand(`), as IAM actions. */
function operationsSentBy(folder: string): string[] {
  const files = readdirSync(join(root, folder)).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'),
  );
  const operations = files.flatMap((name) =>
    [...read(join(folder, name)).matchAll(/new (\w+)Command\(/g)].map((m) => `dynamodb:${m[1]}`),
  );
  return [...new Set(operations)].sort();
}

describe('docs/iam.md', () => {
  const markdown = read('docs/iam.md');
  const table = 'arn:aws:dynamodb:REGION:ACCOUNT_ID:table/sessions';

  it('grants the module exactly what its repository and health indicator send, Query only on the user index', () => {
    const actions = policyActions(markdown, 'The app');
    // Scan: only the repository's deleteAll(), which the module never calls (the Store's clear()).
    const sent = [...operationsSentBy('src/repository'), ...operationsSentBy('src/health')].filter(
      (operation) => operation !== 'dynamodb:Scan',
    );
    // Document-client commands, and the IAM actions DynamoDB authorizes them with (a plain command,
    // such as GetItem, is its own action).
    const iam: Record<string, string[]> = {
      'dynamodb:Get': ['dynamodb:GetItem'],
      'dynamodb:Put': ['dynamodb:PutItem'],
      'dynamodb:Update': ['dynamodb:UpdateItem'],
      'dynamodb:Delete': ['dynamodb:DeleteItem'],
      'dynamodb:BatchGet': ['dynamodb:BatchGetItem'],
      'dynamodb:BatchWrite': ['dynamodb:BatchWriteItem'],
      'dynamodb:TransactWrite': ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
      'dynamodb:Query': ['dynamodb:Query'],
    };
    const needed = [...new Set(sent.flatMap((operation) => iam[operation] ?? [operation]))];
    const granted = [
      ...(actions.get(table) ?? []),
      ...(actions.get(`${table}/index/${DEFAULT_USER_INDEX_NAME}`) ?? []),
    ];
    expect([...granted].sort()).toEqual([...needed].sort());
    expect(needed).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable']),
    );
    expect(actions.get(`${table}/index/${DEFAULT_USER_INDEX_NAME}`)).toEqual(['dynamodb:Query']);
    expect(actions.size).toBe(2);
  });

  it("grants the express-session Store its repository's item actions, and Scan for clear()", () => {
    const actions = [...(policyActions(markdown, 'The express-session Store').get(table) ?? [])];
    const sent = operationsSentBy('src/repository');
    expect(sent).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Put',
        'dynamodb:UpdateItem',
        'dynamodb:Scan',
      ]),
    );
    expect(actions.sort()).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:Scan',
        'dynamodb:BatchWriteItem',
      ].sort(),
    );
  });

  it('grants the table tooling every operation src/table sends, and TagResource for tags on create', () => {
    const actions = [...(policyActions(markdown, 'The table CLI').get(table) ?? [])].sort();
    const sent = operationsSentBy('src/table');
    expect(sent.length).toBeGreaterThan(5);
    expect(actions).toEqual([...new Set([...sent, 'dynamodb:TagResource'])].sort());
  });
});
