import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { compareSessionTable } from './compare-session-table.js';
import { describeTimeToLive } from './read-session-table.js';
import { clientTarget } from './client-target.js';
import { failedWith, sendTableCommand } from './send-table-command.js';
import {
  KEY_ATTRIBUTE_TYPE,
  USER_ID_ATTRIBUTE,
  USER_INDEX_ATTRIBUTE_DEFINITIONS,
  USER_INDEX_PROJECTION,
  USER_INDEX_SORT_KEY,
  userIndexDefinition,
} from './session-table.constants.js';
import { SessionTableError } from './session-table.error.js';
import {
  resolveSessionTableOptions,
  type ResolvedSessionTableOptions,
  type SessionTableOptions,
} from './session-table-options.js';
import { waitForActiveTable } from './wait-for-session-table.js';

export type { SessionTableOptions } from './session-table-options.js';

/** The CreateTable request for the options: the table, its key, its billing, the user index, stream and tags. Internal. */
export function createTableInput(options: ResolvedSessionTableOptions): CreateTableCommandInput {
  const billing = options.billing ?? { mode: 'on-demand' };
  const throughput =
    billing.mode === 'provisioned'
      ? { ReadCapacityUnits: billing.read, WriteCapacityUnits: billing.write }
      : undefined;
  const attributes: AttributeDefinition[] = [
    { AttributeName: options.keyAttribute, AttributeType: KEY_ATTRIBUTE_TYPE },
  ];
  const indexes: GlobalSecondaryIndex[] = [];
  if (options.userIndexName !== false) {
    attributes.push(...USER_INDEX_ATTRIBUTE_DEFINITIONS);
    indexes.push({
      ...userIndexDefinition(options.userIndexName, options.expiresAttribute),
      ...(throughput === undefined ? {} : { ProvisionedThroughput: throughput }),
    });
  }
  const tags = Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value }));
  return {
    TableName: options.tableName,
    AttributeDefinitions: attributes,
    KeySchema: [{ AttributeName: options.keyAttribute, KeyType: 'HASH' }],
    ...(throughput === undefined
      ? { BillingMode: 'PAY_PER_REQUEST' }
      : { BillingMode: 'PROVISIONED', ProvisionedThroughput: throughput }),
    ...(indexes.length === 0 ? {} : { GlobalSecondaryIndexes: indexes }),
    ...(options.stream === undefined
      ? {}
      : { StreamSpecification: { StreamEnabled: true, StreamViewType: options.stream } }),
    ...(tags.length === 0 ? {} : { Tags: tags }),
  };
}

/** One line describing the table the options create, for progress messages. Internal. */
export function describeTableLayout(options: ResolvedSessionTableOptions): string {
  const billing = options.billing ?? { mode: 'on-demand' };
  const parts = [
    `partition key ${options.keyAttribute} (${KEY_ATTRIBUTE_TYPE})`,
    `TTL on ${options.expiresAttribute}`,
    options.userIndexName === false
      ? 'no user index'
      : `index ${options.userIndexName} (${USER_ID_ATTRIBUTE}, ${USER_INDEX_SORT_KEY}, ${USER_INDEX_PROJECTION})`,
    billing.mode === 'provisioned'
      ? `provisioned ${billing.read} read, ${billing.write} write`
      : 'on-demand',
  ];
  if (options.stream !== undefined) parts.push(`stream ${options.stream}`);
  const tags = Object.entries(options.tags);
  if (tags.length > 0)
    parts.push(`tags ${tags.map(([key, value]) => `${key}=${value}`).join(', ')}`);
  return parts.join(', ');
}

/** What {@link ensureSessionTable} does to a table that already exists. Internal. */
export interface ExistingTablePolicy {
  /** Enable TTL on an existing table whose TTL is off (what createSessionTable has always done). */
  readonly enableTimeToLive: boolean;
}

/** Enables TTL on the expiry attribute; another process doing it at the same time is fine. */
async function enableTimeToLive(
  client: DynamoDBClient,
  options: ResolvedSessionTableOptions,
): Promise<void> {
  const { tableName, expiresAttribute } = options;
  const ttl = await describeTimeToLive(client, tableName);
  const status = ttl?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  options.onProgress(`Enabling TTL on ${expiresAttribute}`);
  try {
    await sendTableCommand(client, 'UpdateTimeToLive', tableName, () =>
      client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: expiresAttribute, Enabled: true },
        }),
      ),
    );
  } catch (error) {
    // "already enabled" or "modified multiple times": fine if it is now on the right attribute.
    if (!failedWith(error, 'ValidationException')) throw error;
    const now = await describeTimeToLive(client, tableName);
    const on = now?.TimeToLiveStatus === 'ENABLED' || now?.TimeToLiveStatus === 'ENABLING';
    if (!on || now?.AttributeName !== expiresAttribute) throw error;
  }
}

/** How many attempts the SDK made of the call that failed with `error` (1 when it did not retry). */
function attemptsOf(error: unknown): number {
  const cause = error instanceof SessionTableError ? error.cause : error;
  const attempts = (cause as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata
    ?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}

/**
 * Creates the table, or waits for it when it exists (or another process is creating it), then enables
 * TTL on a new table (and on an existing one, if the policy says so). A table that CreateTable finds
 * only after the SDK retried it counts as new when it is the table asked for: the lost answer was the
 * earlier attempt's, which made it. Internal: the CLI leaves an existing table as it is and reports
 * how it differs.
 */
export async function ensureSessionTable(
  client: DynamoDBClient,
  given: SessionTableOptions,
  existing: ExistingTablePolicy,
): Promise<'created' | 'exists'> {
  const options = resolveSessionTableOptions(given);
  const { tableName, onProgress } = options;
  // 'retried': CreateTable answered ResourceInUseException after the SDK retried it, so an earlier
  // attempt whose answer was lost most likely made the table: it is finished as a new one.
  let found: 'created' | 'retried' | 'exists' = 'created';
  onProgress(`Creating table ${tableName}: ${describeTableLayout(options)}`);
  try {
    await sendTableCommand(client, 'CreateTable', tableName, () =>
      client.send(new CreateTableCommand(createTableInput(options))),
    );
  } catch (error) {
    // The table exists, or another process is creating it right now: wait for it to be ACTIVE.
    if (!failedWith(error, 'ResourceInUseException')) throw error;
    found = attemptsOf(error) > 1 ? 'retried' : 'exists';
    onProgress(
      found === 'retried'
        ? `Table ${tableName} exists after CreateTable was retried (an earlier attempt made it, its answer was lost): finishing it`
        : `Table ${tableName} already exists (or is being created)`,
    );
  }
  const table = await waitForActiveTable(client, tableName, options);
  if (found !== 'exists' || existing.enableTimeToLive) {
    try {
      await enableTimeToLive(client, options);
    } catch (error) {
      if (found !== 'exists' || !(error instanceof SessionTableError)) throw error;
      // An existing table keeps working without TTL (expired sessions are ignored): warn, go on.
      if (error.kind !== 'other') throw error;
      onProgress(`Warning: could not enable TTL on ${options.expiresAttribute}: ${error.message}`);
    }
  }
  if (found === 'created') {
    onProgress(`Table ${tableName} is ready`);
    return 'created';
  }
  const ttl = await describeTimeToLive(client, tableName);
  const differences = compareSessionTable(
    table,
    ttl,
    undefined,
    { ...options, billing: undefined, stream: undefined },
    await clientTarget(client),
  ).filter((check) => !check.ok);
  for (const check of differences)
    onProgress(
      `Warning: table ${tableName} ${check.name}: ${check.detail}${check.fix === undefined ? '' : ` (fix: ${check.fix})`}`,
    );
  // A retried create whose table is not the one asked for was not ours after all: it is an existing one.
  if (found === 'retried' && differences.length === 0) {
    onProgress(`Table ${tableName} is ready`);
    return 'created';
  }
  return 'exists';
}

/**
 * Creates the sessions table as the module expects it: a string partition key (`keyAttribute`), TTL
 * on `expiresAttribute`, the user index (`userIndexName`: `userId`, sorted by `createdAt`, projecting
 * the summary attributes; `false` for none), on-demand billing unless `billing` says otherwise, and the optional stream and tags. Waits
 * until the table and its index are ACTIVE (`maxWaitSeconds`), reporting through `onProgress`.
 *
 * Idempotent and safe when several app instances call it at once: when the table exists (or another
 * process is creating it), it waits for it, enables TTL on it if TTL is off, and resolves `'exists'`
 * without changing anything else (differences from the options are reported through `onProgress`;
 * {@link checkSessionTable} lists them). Resolves `'created'` for a new table. Rejects with a
 * {@link SessionTableError} whose message says what to do (e.g. the IAM action to grant).
 */
export async function createSessionTable(
  client: DynamoDBClient,
  options: SessionTableOptions = {},
): Promise<'created' | 'exists'> {
  return ensureSessionTable(client, options, { enableTimeToLive: true });
}
