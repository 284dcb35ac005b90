import type { TableDescription, TimeToLiveDescription } from '@aws-sdk/client-dynamodb';
import type { ClientTarget } from './client-target.js';
import {
  CLIENT_IP_ATTRIBUTE,
  KEY_ATTRIBUTE_TYPE,
  USER_ID_ATTRIBUTE,
  USER_ID_ATTRIBUTE_TYPE,
  USER_INDEX_PROJECTION,
  USER_INDEX_SORT_KEY,
  USER_INDEX_SORT_KEY_TYPE,
  userIndexProjectedAttributes,
} from './session-table.constants.js';
import { fail, pass, type SessionTableCheck, type TableTags } from './session-table-check.js';
import type { ResolvedSessionTableOptions } from './session-table-options.js';
import { TableFixCommands } from './table-fix-commands.js';

// The rules a sessions table must meet, each checked on what DynamoDB described: pure, no AWS call.

function attributeType(table: TableDescription, name: string): string | undefined {
  return table.AttributeDefinitions?.find((definition) => definition.AttributeName === name)
    ?.AttributeType;
}

/** The table's provisioned throughput, or undefined when it is billed on demand. */
function provisionedThroughput(
  table: TableDescription,
): { read: number; write: number } | undefined {
  if (table.BillingModeSummary?.BillingMode === 'PAY_PER_REQUEST') return undefined;
  return {
    read: table.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
    write: table.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
  };
}

function describeBilling(throughput: { read: number; write: number } | undefined): string {
  return throughput === undefined
    ? 'on-demand'
    : `provisioned (${throughput.read} read, ${throughput.write} write)`;
}

function checkActive(table: TableDescription, fixes: TableFixCommands): SessionTableCheck {
  const status = table.TableStatus ?? 'unknown';
  if (status === 'ACTIVE') return pass('table active', 'status ACTIVE');
  if (status === 'CREATING' || status === 'UPDATING')
    return fail('table active', `status ${status}`, `wait for it: ${fixes.waitForTable()}`);
  return fail('table active', `status ${status}`);
}

function checkKeySchema(
  table: TableDescription,
  options: ResolvedSessionTableOptions,
  fixes: TableFixCommands,
): SessionTableCheck {
  const key = options.keyAttribute;
  const hash = table.KeySchema?.find((element) => element.KeyType === 'HASH')?.AttributeName;
  const range = table.KeySchema?.find((element) => element.KeyType === 'RANGE')?.AttributeName;
  const hashType = hash === undefined ? undefined : attributeType(table, hash);
  const expected = `partition key ${key} (${KEY_ATTRIBUTE_TYPE}), no sort key`;
  if (hash === key && hashType === KEY_ATTRIBUTE_TYPE && range === undefined)
    return pass('key schema', expected);
  const found = `partition key ${hash ?? 'none'} (${hashType ?? '?'})${range === undefined ? '' : `, sort key ${range} (${attributeType(table, range) ?? '?'})`}`;
  const recreate = `a key schema cannot be changed: create another table and point the module's tableName at it: ${fixes.createTable(`${options.tableName}-v2`)}`;
  const rename =
    hash !== undefined && hashType === KEY_ATTRIBUTE_TYPE && range === undefined
      ? `; or keep this table and set the module option keyAttribute: '${hash}' (--key-attribute ${hash})`
      : '';
  return fail('key schema', `${found}; the module needs ${expected}`, `${recreate}${rename}`);
}

function checkTimeToLive(
  ttl: TimeToLiveDescription | undefined,
  options: ResolvedSessionTableOptions,
  fixes: TableFixCommands,
): SessionTableCheck {
  const want = options.expiresAttribute;
  const status = ttl?.TimeToLiveStatus ?? 'DISABLED';
  const attribute = ttl?.AttributeName;
  const on = status === 'ENABLED' || status === 'ENABLING';
  if (on && attribute === want)
    return pass('time to live', `${status === 'ENABLED' ? 'enabled' : 'being enabled'} on ${want}`);
  if (on)
    return fail(
      'time to live',
      `TTL is on ${attribute}, not on ${want}: expired sessions would never be deleted`,
      `${fixes.ttl(false, attribute ?? '')}, then (DynamoDB allows the change about an hour later) ${fixes.ttl(true, want)}; or set the module option expiresAttribute: '${attribute}'`,
    );
  if (status === 'DISABLING')
    return fail(
      'time to live',
      `TTL is being disabled${attribute === undefined ? '' : ` on ${attribute}`}`,
      `once it is disabled (up to an hour): ${fixes.ttl(true, want)}`,
    );
  return fail(
    'time to live',
    `TTL is disabled: expired sessions are never deleted (the module ignores them, but they stay stored and billed)`,
    fixes.ttl(true, want),
  );
}

function checkUserIndex(
  table: TableDescription,
  indexName: string,
  expiresAttribute: string,
  fixes: TableFixCommands,
): SessionTableCheck {
  const index = table.GlobalSecondaryIndexes?.find(
    (candidate) => candidate.IndexName === indexName,
  );
  const projected = userIndexProjectedAttributes(expiresAttribute);
  const expected = `partition key ${USER_ID_ATTRIBUTE} (${USER_ID_ATTRIBUTE_TYPE}), sort key ${USER_INDEX_SORT_KEY} (${USER_INDEX_SORT_KEY_TYPE}), ${USER_INDEX_PROJECTION} ${projected.join(', ')}`;
  if (index === undefined)
    return fail(
      'user index',
      `no index ${indexName} (expected ${expected})`,
      fixes.createUserIndex(provisionedThroughput(table)),
    );
  const hash = index.KeySchema?.find((element) => element.KeyType === 'HASH')?.AttributeName;
  const range = index.KeySchema?.find((element) => element.KeyType === 'RANGE')?.AttributeName;
  const projection = index.Projection?.ProjectionType;
  const missing = projected.filter(
    (name) => !(index.Projection?.NonKeyAttributes ?? []).includes(name),
  );
  const problems: string[] = [];
  if (hash !== USER_ID_ATTRIBUTE) problems.push(`partition key ${hash ?? 'none'}`);
  else if (attributeType(table, hash) !== USER_ID_ATTRIBUTE_TYPE)
    problems.push(`partition key ${hash} of type ${attributeType(table, hash) ?? '?'}`);
  if (range !== USER_INDEX_SORT_KEY) problems.push(`sort key ${range ?? 'none'}`);
  else if (attributeType(table, range) !== USER_INDEX_SORT_KEY_TYPE)
    problems.push(`sort key ${range} of type ${attributeType(table, range) ?? '?'}`);
  if (projection !== USER_INDEX_PROJECTION) problems.push(`projection ${projection ?? 'none'}`);
  else if (missing.length > 0) problems.push(`no projected ${missing.join(', ')}`);
  // An index of the layout before the device list: it works, listing sessions without their IP.
  const withoutIp = problems.length === 1 && missing.join() === CLIENT_IP_ATTRIBUTE;
  if (withoutIp)
    return fail(
      'user index',
      `index ${indexName} has no projected ${CLIENT_IP_ATTRIBUTE} (sessions are listed without their IP until it is replaced); expected ${expected}`,
      `an index cannot be changed: create the new one under another name, ${fixes.createUserIndex(provisionedThroughput(table), `${indexName}-v2`)}, set userIndexName to ${indexName}-v2 once it is ACTIVE, then ${fixes.deleteUserIndex()} (see docs/table-definitions.md#adding-the-client-ip-to-an-existing-user-index)`,
    );
  if (problems.length > 0)
    return fail(
      'user index',
      `index ${indexName} has ${problems.join(', ')}; expected ${expected}`,
      `an index cannot be changed: ${fixes.deleteUserIndex()}, wait until it is gone, then ${fixes.createUserIndex(provisionedThroughput(table))} (or create the new index under another name first, set userIndexName to it once it is ACTIVE, then delete the old one)`,
    );
  if (index.IndexStatus !== 'ACTIVE')
    return fail(
      'user index',
      `index ${indexName} is ${index.IndexStatus ?? 'not ACTIVE'}${index.IndexStatus === 'CREATING' ? ' (backfilling)' : ''}`,
      'wait until it is ACTIVE, then check again',
    );
  return pass('user index', `index ${indexName}: ${expected}`);
}

function checkBilling(
  table: TableDescription,
  options: ResolvedSessionTableOptions,
  fixes: TableFixCommands,
): SessionTableCheck | undefined {
  const want = options.billing;
  if (want === undefined) return undefined;
  const actual = provisionedThroughput(table);
  const wanted = want.mode === 'provisioned' ? { read: want.read, write: want.write } : undefined;
  const index =
    options.userIndexName === false
      ? undefined
      : table.GlobalSecondaryIndexes?.find(
          (candidate) => candidate.IndexName === options.userIndexName,
        );
  const problems: string[] = [];
  if (describeBilling(actual) !== describeBilling(wanted))
    problems.push(`the table is ${describeBilling(actual)}`);
  if (problems.length === 0 && wanted !== undefined && index !== undefined) {
    const read = index.ProvisionedThroughput?.ReadCapacityUnits ?? 0;
    const write = index.ProvisionedThroughput?.WriteCapacityUnits ?? 0;
    if (read !== wanted.read || write !== wanted.write)
      problems.push(`index ${options.userIndexName} has ${read} read, ${write} write`);
  }
  if (problems.length === 0) return pass('billing', describeBilling(wanted));
  return fail(
    'billing',
    `${problems.join('; ')}; expected ${describeBilling(wanted)}`,
    fixes.billing(index !== undefined),
  );
}

function checkStream(
  table: TableDescription,
  options: ResolvedSessionTableOptions,
  fixes: TableFixCommands,
): SessionTableCheck | undefined {
  const want = options.stream;
  if (want === undefined) return undefined;
  const spec = table.StreamSpecification;
  if (spec?.StreamEnabled === true && spec.StreamViewType === want)
    return pass('stream', `stream enabled, ${want}`);
  if (spec?.StreamEnabled === true)
    return fail(
      'stream',
      `the stream records ${spec.StreamViewType}; expected ${want}`,
      `${fixes.stream(false)}, then ${fixes.stream(true)}`,
    );
  return fail('stream', `no stream; expected ${want}`, fixes.stream(true));
}

function checkTags(
  table: TableDescription,
  tags: TableTags | undefined,
  options: ResolvedSessionTableOptions,
  fixes: TableFixCommands,
): SessionTableCheck | undefined {
  const wanted = Object.entries(options.tags);
  if (wanted.length === 0 || tags === undefined) return undefined;
  const list = wanted.map(([key, value]) => `${key}=${value}`).join(', ');
  if ('unsupported' in tags)
    return pass(
      'tags',
      `not verified (${list}): the endpoint does not support tagging (${tags.unsupported})`,
    );
  const missing = wanted.filter(
    ([key, value]) => !tags.some((tag) => tag.Key === key && tag.Value === value),
  );
  if (missing.length === 0) return pass('tags', list);
  return fail(
    'tags',
    `missing ${missing.map(([key, value]) => `${key}=${value}`).join(', ')}`,
    fixes.tag(table.TableArn ?? options.tableName, missing),
  );
}

/**
 * Compares a described table with the options: everything but existence. Pure, so that
 * {@link createSessionTable} can warn about an existing table from what it already read. Internal.
 */
export function compareSessionTable(
  table: TableDescription,
  ttl: TimeToLiveDescription | undefined,
  tags: TableTags | undefined,
  options: ResolvedSessionTableOptions,
  target: ClientTarget,
): SessionTableCheck[] {
  const fixes = new TableFixCommands(options, target);
  const checks: (SessionTableCheck | undefined)[] = [
    checkActive(table, fixes),
    checkKeySchema(table, options, fixes),
    checkTimeToLive(ttl, options, fixes),
    options.userIndexName === false
      ? undefined
      : checkUserIndex(table, options.userIndexName, options.expiresAttribute, fixes),
    checkBilling(table, options, fixes),
    checkStream(table, options, fixes),
    checkTags(table, tags, options, fixes),
  ];
  return checks.filter((check): check is SessionTableCheck => check !== undefined);
}
