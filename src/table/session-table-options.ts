import type { StreamViewType } from '@aws-sdk/client-dynamodb';
import {
  DEFAULT_EXPIRES_ATTRIBUTE,
  DEFAULT_KEY_ATTRIBUTE,
  DEFAULT_MAX_WAIT_SECONDS,
  DEFAULT_TABLE_NAME,
  DEFAULT_USER_INDEX_NAME,
  TABLE_NAME_RULE,
} from './session-table.constants.js';
import { isTableName, sessionTableLayoutProblems } from './session-table-layout-rules.js';

/** How the table (and its index) is billed. */
export type SessionTableBilling =
  | { readonly mode: 'on-demand' }
  | {
      readonly mode: 'provisioned';
      /** Read capacity units, of the table and of the user index. */
      readonly read: number;
      /** Write capacity units, of the table and of the user index. */
      readonly write: number;
    };

/** What a table's stream records for each change (DynamoDB's `StreamViewType`). */
export type SessionTableStreamViewType = StreamViewType;

/**
 * The sessions table as the module expects it, for {@link createSessionTable} and
 * {@link checkSessionTable}. Every field has the module's default.
 */
export interface SessionTableOptions {
  /** Table name. Default `sessions`. */
  tableName?: string;
  /** Partition key attribute, type S. Default `id` (module option `keyAttribute`). */
  keyAttribute?: string;
  /** Expiry attribute in epoch seconds, the table's TTL attribute. Default `expires`. */
  expiresAttribute?: string;
  /**
   * The global secondary index on `userId` (KEYS_ONLY) that finds a user's sessions. Default
   * `userId-index`; `false` for a table without it.
   */
  userIndexName?: string | false;
  /**
   * Billing of the table and its index. Creating: default on-demand. Checking: verified only when given.
   */
  billing?: SessionTableBilling;
  /**
   * Enable the table's stream with this view type (e.g. `NEW_AND_OLD_IMAGES` for an audit trail).
   * Creating: default no stream. Checking: verified only when given.
   */
  stream?: SessionTableStreamViewType;
  /** Tags of a new table. Checking: verified (as a subset of the table's tags) only when given. */
  tags?: Readonly<Record<string, string>>;
  /** Called with each step and wait of a long operation, e.g. to print progress. */
  onProgress?: (message: string) => void;
  /** Seconds to wait for the table (and its index) to become ACTIVE. Default 120. */
  maxWaitSeconds?: number;
}

/** {@link SessionTableOptions} after defaults and validation. Internal. */
export interface ResolvedSessionTableOptions {
  readonly tableName: string;
  readonly keyAttribute: string;
  readonly expiresAttribute: string;
  readonly userIndexName: string | false;
  /** Undefined: not given (created on-demand, not checked). */
  readonly billing: SessionTableBilling | undefined;
  readonly stream: SessionTableStreamViewType | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly onProgress: (message: string) => void;
  readonly maxWaitSeconds: number;
}

const STREAM_VIEW_TYPES: readonly string[] = [
  'KEYS_ONLY',
  'NEW_IMAGE',
  'OLD_IMAGE',
  'NEW_AND_OLD_IMAGES',
];

function isCapacity(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

/**
 * Applies defaults and rejects options DynamoDB would reject (or that would make a table the module
 * cannot use), naming every bad field in one `TypeError`.
 */
export function resolveSessionTableOptions(
  options: SessionTableOptions = {},
): ResolvedSessionTableOptions {
  const resolved: ResolvedSessionTableOptions = {
    tableName: options.tableName ?? DEFAULT_TABLE_NAME,
    keyAttribute: options.keyAttribute ?? DEFAULT_KEY_ATTRIBUTE,
    expiresAttribute: options.expiresAttribute ?? DEFAULT_EXPIRES_ATTRIBUTE,
    userIndexName: options.userIndexName ?? DEFAULT_USER_INDEX_NAME,
    billing: options.billing,
    stream: options.stream,
    tags: options.tags ?? {},
    onProgress: options.onProgress ?? (() => undefined),
    maxWaitSeconds: options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS,
  };
  const problems: string[] = [];
  if (!isTableName(resolved.tableName)) problems.push(`tableName: must be ${TABLE_NAME_RULE}`);
  if (!nonEmpty(resolved.keyAttribute)) problems.push('keyAttribute: must be a non-empty string');
  if (!nonEmpty(resolved.expiresAttribute))
    problems.push('expiresAttribute: must be a non-empty string');
  if (resolved.userIndexName !== false && !isTableName(resolved.userIndexName))
    problems.push(`userIndexName: must be false or ${TABLE_NAME_RULE}`);
  problems.push(...sessionTableLayoutProblems(resolved));
  const billing = resolved.billing as
    { mode?: unknown; read?: unknown; write?: unknown } | undefined;
  if (billing !== undefined) {
    if (billing.mode === 'provisioned') {
      if (!isCapacity(billing.read) || !isCapacity(billing.write))
        problems.push('billing: read and write must be whole numbers of at least 1');
    } else if (billing.mode !== 'on-demand') {
      problems.push(`billing: mode must be "on-demand" or "provisioned"`);
    }
  }
  if (resolved.stream !== undefined && !STREAM_VIEW_TYPES.includes(resolved.stream))
    problems.push(`stream: must be one of ${STREAM_VIEW_TYPES.join(', ')}`);
  for (const [key, value] of Object.entries(resolved.tags)) {
    if (key === '' || key.length > 128 || typeof value !== 'string' || value.length > 256)
      problems.push(
        `tags: "${key}" must be a key of 1 to 128 characters with a string value of at most 256`,
      );
  }
  if (
    typeof resolved.maxWaitSeconds !== 'number' ||
    !Number.isFinite(resolved.maxWaitSeconds) ||
    resolved.maxWaitSeconds <= 0
  )
    problems.push('maxWaitSeconds: must be a number of seconds above 0');
  if (problems.length > 0)
    throw new TypeError(`Invalid session table options:\n- ${problems.join('\n- ')}`);
  return resolved;
}
