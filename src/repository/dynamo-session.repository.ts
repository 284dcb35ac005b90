import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CREATED_AT_ATTRIBUTE,
  SESSION_DOCUMENT_CLIENT,
  SESSION_OPTIONS,
  TOUCHED_AT_ATTRIBUTE,
  USER_AGENT_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
  SESSION_VALUE_CODEC,
} from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../resolved-session-options.js';
import { dynamoItemSize } from './dynamo-item-size.js';
import { UpdateExpressionBuilder } from './update-expression-builder.js';
import { decodeSessionCursor, encodeSessionCursor } from './session-cursor.js';
import { InvalidSessionCursorError } from './invalid-session-cursor.error.js';
import { RecentLogins } from './recent-logins.js';
import type {
  ListByUserOptions,
  SessionChanges,
  SessionDetails,
  SessionPage,
  SessionRepository,
  SessionSummary,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import { SessionStoreError } from './session-store.error.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import type { SessionValueCodec } from './session-value-codec.js';
import { sessionValueCodecOf } from './session-value-codec.factory.js';
import { SessionClock, systemClock } from '../session-clock.js';

/** Above this many changed keys one write replaces the whole data map, to stay within DynamoDB's expression limits. */
const MAX_KEYS_PER_UPDATE = 150;
/** DynamoDB's batch sizes. */
const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
/** Keys per page of the user index, so a user with many sessions is read in several small queries. */
const QUERY_PAGE_SIZE = 100;
/** Sessions per page of `listByUser`, by default and at most. */
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;
/** Rounds of retries for the unprocessed part of a batch, with exponential backoff from 50 ms. */
const BATCH_RETRIES = 8;

type SessionData = Readonly<Record<string, unknown>>;
type Item = Record<string, unknown>;

const toSeconds = (ms: number): number => Math.ceil(ms / 1000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/**
 * {@link SessionRepository} on a DynamoDB table: one item per session, keyed by the SHA-256 of its id.
 * Each top-level value of the data is stored through the {@link SessionValueCodec} (compressed above
 * `compression.threshold`, encrypted with `encryption`), one by one, so a write sets only what changed.
 */
@Injectable()
export class DynamoSessionRepository implements SessionRepository {
  private readonly table: string;
  private readonly keyName: string;
  private readonly expiresName: string;
  private readonly dataName: string;
  private readonly codec: SessionValueCodec;
  private readonly recentLogins: RecentLogins;
  private readonly clock: SessionClock;

  constructor(
    @Inject(SESSION_DOCUMENT_CLIENT) private readonly client: DynamoDBDocumentClient,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SESSION_VALUE_CODEC) codec?: SessionValueCodec,
    @Optional() @Inject(SessionClock) clock?: SessionClock,
  ) {
    this.codec = codec ?? sessionValueCodecOf(options);
    this.clock = clock ?? systemClock;
    this.table = options.tableName;
    this.keyName = options.keyAttribute;
    this.expiresName = options.expiresAttribute;
    this.dataName = options.dataAttribute;
    this.recentLogins = new RecentLogins(options.keyAttribute, options.expiresAttribute);
  }

  async get(key: string): Promise<StoredSession | undefined> {
    const { Item: item } = await this.send('GetItem', (abortSignal) =>
      this.client.send(
        new GetCommand({
          TableName: this.table,
          Key: { [this.keyName]: key },
          ConsistentRead: this.options.consistentRead,
        }),
        { abortSignal },
      ),
    );
    if (item === undefined) return undefined;
    const expiresAt = Number(item[this.expiresName]) * 1000;
    // DynamoDB's TTL deletes expired items up to 48 hours late: an expired item is no session.
    if (!(expiresAt > this.clock.now())) return undefined;
    const stored = item[this.dataName];
    // A value that does not decode throws SessionIntegrityError: never a session with a doubtful value.
    const data =
      typeof stored === 'object' && stored !== null
        ? this.codec.decodeAll(key, stored as Record<string, unknown>)
        : {};
    return {
      key,
      data,
      createdAt: Number(item[CREATED_AT_ATTRIBUTE] ?? 0),
      touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
      expiresAt,
      ...optional('userId', stringOf(item[USER_ID_ATTRIBUTE])),
      ...optional('userAgent', stringOf(item[USER_AGENT_ATTRIBUTE])),
    };
  }

  async create(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void> {
    const put = this.putRequest(this.sizedItem(key, data, times, details));
    await this.recordLogin(key, times, details);
    await this.send('PutItem', (abortSignal) =>
      this.client.send(new PutCommand(put), { abortSignal }),
    );
  }

  async replace(
    oldKey: string,
    newKey: string,
    data: SessionData,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Promise<boolean> {
    const put = this.putRequest(this.sizedItem(newKey, data, times, details));
    await this.recordLogin(newKey, times, details);
    // The old session must still be live and unchanged since it was read: a regenerate never brings
    // back a session that was logged out meanwhile, nor drops a write that landed meanwhile.
    const live = this.liveCondition();
    const unchanged =
      details.previousTouchedAt === undefined ? '' : ' AND #touchedAt = :previousTouchedAt';
    try {
      await this.send('TransactWriteItems', (abortSignal) =>
        this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: this.table,
                  Key: { [this.keyName]: oldKey },
                  ConditionExpression: `${live.expression}${unchanged}`,
                  ExpressionAttributeNames: live.names,
                  ExpressionAttributeValues: {
                    ...live.values,
                    ...(details.previousTouchedAt === undefined
                      ? {}
                      : { ':previousTouchedAt': details.previousTouchedAt }),
                  },
                },
              },
              { Put: put },
            ],
          }),
          { abortSignal },
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof SessionStoreError && firstConditionFailed(error)) return false;
      throw error;
    }
  }

  /**
   * The condition that an item is a live session, to the millisecond and under the current options:
   * it exists, its TTL expiry has not passed, neither its idle nor its absolute timeout has, and it
   * was not created before `notBefore`.
   */
  private liveCondition(): {
    expression: string;
    names: Record<string, string>;
    values: Record<string, number>;
  } {
    const now = this.clock.now();
    return {
      expression:
        'attribute_exists(#key) AND #expires > :nowSeconds AND #touchedAt > :idleCutoff AND #createdAt > :absoluteCutoff',
      names: {
        '#key': this.keyName,
        '#expires': this.expiresName,
        '#touchedAt': TOUCHED_AT_ATTRIBUTE,
        '#createdAt': CREATED_AT_ATTRIBUTE,
      },
      values: {
        ':nowSeconds': Math.floor(now / 1000),
        ':idleCutoff': now - this.options.idleTimeout * 1000,
        ':absoluteCutoff': Math.max(
          now - this.options.absoluteTimeout * 1000,
          (this.options.notBefore ?? 0) - 1,
        ),
      },
    };
  }

  /**
   * Before a session with an identity is stored: notes its key in the user's recent logins, which
   * destroyByUser reads consistently, so a session the user index has not caught up with is ended too.
   * Written first: a key noted for a session that then fails to be stored is harmless.
   */
  private async recordLogin(
    key: string,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Promise<void> {
    if (details.userId === undefined) return;
    const update = this.recentLogins.record(details.userId, key, times.createdAt, this.clock.now());
    await this.send('UpdateItem', (abortSignal) =>
      this.client.send(new UpdateCommand({ TableName: this.table, ...update }), { abortSignal }),
    );
  }

  async update(
    key: string,
    changes: SessionChanges,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Promise<boolean> {
    // Each value is coded once: the size limit counts the whole data as stored (and what the item holds
    // besides it: the User-Agent, the identity), the write sets the changed ones.
    const stored = this.sizedItem(key, changes.data, times, details)[this.dataName] as Item;
    const expression = new UpdateExpressionBuilder();
    expression.set(this.expiresName, toSeconds(times.expiresAt));
    expression.set(TOUCHED_AT_ATTRIBUTE, times.touchedAt);
    const setKeys = Object.keys(changes.set);
    const bulk = setKeys.length + changes.remove.length > MAX_KEYS_PER_UPDATE;
    if (bulk) {
      // Too many paths for one expression: replace the whole map (still conditional on the session being live).
      expression.set(this.dataName, stored);
    } else {
      for (const name of setKeys) {
        const value = stored[name] ?? this.codec.encode(key, name, changes.set[name]);
        expression.set([this.dataName, name], value);
      }
      for (const name of changes.remove) expression.remove([this.dataName, name]);
    }
    // An identity read from an older version's data.userId moves to the top-level attribute.
    if (changes.userId !== undefined) expression.set(USER_ID_ATTRIBUTE, changes.userId);
    const { names, values } = expression;
    const live = this.liveCondition();
    Object.assign(names, live.names);
    Object.assign(values, live.values);
    try {
      await this.send('UpdateItem', (abortSignal) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { [this.keyName]: key },
            UpdateExpression: expression.toString(),
            ConditionExpression: live.expression,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
          { abortSignal },
        ),
      );
      return true;
    } catch (error) {
      // The session is gone (destroyed, regenerated or expired): the write must not bring it back.
      if (error instanceof SessionStoreError && error.code === 'ConditionalCheckFailedException') {
        return false;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.send('DeleteItem', (abortSignal) =>
      this.client.send(new DeleteCommand({ TableName: this.table, Key: { [this.keyName]: key } }), {
        abortSignal,
      }),
    );
  }

  async listByUser(userId: string, options: ListByUserOptions = {}): Promise<SessionPage> {
    const limit = options.limit ?? DEFAULT_LIST_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new RangeError(`listByUser: limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
    }
    const start = options.cursor === undefined ? undefined : this.startKey(userId, options.cursor);
    const summaries: SessionSummary[] = [];
    let from = start;
    const now = this.clock.now();
    // Expired items still in the table (TTL lags) are filtered out after DynamoDB's Limit, so a page can
    // come back short: read on until the page is full or the index ends.
    do {
      const page = await this.queryUserIndex(userId, {
        from,
        limit: limit - summaries.length,
        summaries: true,
      });
      for (const item of page.items) {
        const expiresAt = Number(item[this.expiresName]) * 1000;
        if (!(expiresAt > now)) continue;
        // Ended by notBefore, though still in the table.
        if (Number(item[CREATED_AT_ATTRIBUTE] ?? 0) < (this.options.notBefore ?? 0)) continue;
        summaries.push({
          key: String(item[this.keyName]),
          createdAt: Number(item[CREATED_AT_ATTRIBUTE] ?? 0),
          touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
          expiresAt,
          ...optional('userAgent', stringOf(item[USER_AGENT_ATTRIBUTE])),
        });
      }
      from = page.next;
    } while (from !== undefined && summaries.length < limit);
    return from === undefined
      ? { sessions: summaries }
      : { sessions: summaries, cursor: encodeSessionCursor(from) };
  }

  async destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    // The recent logins are read first and consistently: a session stored before this call is there or
    // (once the index has caught up) in the index.
    const recent = await this.recentLoginKeys(userId);
    const indexed = new Set(await this.userKeys(userId));
    const unindexed = await this.liveSessionsOf(
      userId,
      recent.filter((key) => !indexed.has(key)),
    );
    const keys = [...indexed, ...unindexed].filter((key) => key !== options.exceptKey);
    await this.deleteKeys(keys);
    return keys.length;
  }

  /**
   * Deletes every item of the table (sessions, and the recent logins that name them) and resolves how
   * many: a Scan of the keys, page by page, each page deleted in batches of 25. It reads the whole
   * table (about 1 read unit per 4 KB of items scanned, whatever is projected): for tests and
   * maintenance, not for a request. Not part of {@link SessionRepository}.
   */
  async deleteAll(): Promise<number> {
    let deleted = 0;
    let from: Record<string, unknown> | undefined;
    do {
      const page = await this.send('Scan', (abortSignal) =>
        this.client.send(
          new ScanCommand({
            TableName: this.table,
            ProjectionExpression: '#key',
            ExpressionAttributeNames: { '#key': this.keyName },
            ExclusiveStartKey: from,
          }),
          { abortSignal },
        ),
      );
      const keys = (page.Items ?? []).map((item) => String(item[this.keyName]));
      await this.deleteKeys(keys);
      deleted += keys.length;
      from = page.LastEvaluatedKey;
    } while (from !== undefined);
    return deleted;
  }

  /** Deletes the items under `keys`, in batches of 25, retrying what DynamoDB leaves unprocessed. */
  private async deleteKeys(keys: readonly string[]): Promise<void> {
    for (const batch of chunks(keys, BATCH_WRITE_SIZE)) {
      const deletes = batch.map((key) => ({ DeleteRequest: { Key: { [this.keyName]: key } } }));
      await this.untilProcessed('BatchWriteItem', deletes, async (requests) => {
        const result = await this.send('BatchWriteItem', (abortSignal) =>
          this.client.send(new BatchWriteCommand({ RequestItems: { [this.table]: requests } }), {
            abortSignal,
          }),
        );
        return (result.UnprocessedItems?.[this.table] ?? []) as typeof requests;
      });
    }
  }

  /** The ExclusiveStartKey a cursor stands for, checked against the user it must belong to. */
  private startKey(userId: string, cursor: string): Record<string, unknown> {
    const key = decodeSessionCursor(cursor);
    if (
      Object.keys(key).sort().join() !==
        [this.keyName, USER_ID_ATTRIBUTE, CREATED_AT_ATTRIBUTE].sort().join() ||
      key[USER_ID_ATTRIBUTE] !== userId ||
      typeof key[this.keyName] !== 'string' ||
      !Number.isFinite(key[CREATED_AT_ATTRIBUTE])
    ) {
      throw new InvalidSessionCursorError("it is not a position in this user's sessions");
    }
    return key;
  }

  /** Keys of a user's sessions from the user index, every page of it. */
  private async userKeys(userId: string): Promise<string[]> {
    const keys: string[] = [];
    let from: Record<string, unknown> | undefined;
    do {
      const page = await this.queryUserIndex(userId, { from, limit: QUERY_PAGE_SIZE });
      for (const item of page.items) keys.push(String(item[this.keyName]));
      from = page.next;
    } while (from !== undefined);
    return keys;
  }

  /** One Query of the user index, newest sessions first: keys only, or the summaries listing shows. */
  private async queryUserIndex(
    userId: string,
    query: { from: Record<string, unknown> | undefined; limit: number; summaries?: boolean },
  ): Promise<{ items: Item[]; next?: Record<string, unknown> }> {
    const names: Record<string, string> = { '#userId': USER_ID_ATTRIBUTE, '#key': this.keyName };
    if (query.summaries === true) {
      Object.assign(names, {
        '#createdAt': CREATED_AT_ATTRIBUTE,
        '#touchedAt': TOUCHED_AT_ATTRIBUTE,
        '#expires': this.expiresName,
        '#userAgent': USER_AGENT_ATTRIBUTE,
      });
    }
    const page = await this.send('Query', (abortSignal) =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: this.options.userIndexName,
          KeyConditionExpression: '#userId = :userId',
          ProjectionExpression: Object.keys(names)
            .filter((name) => name !== '#userId')
            .join(', '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':userId': userId },
          ScanIndexForward: false,
          ExclusiveStartKey: query.from,
          Limit: query.limit,
        }),
        { abortSignal },
      ),
    );
    return {
      items: (page.Items ?? []) as Item[],
      ...optional('next', page.LastEvaluatedKey),
    };
  }

  /** Keys noted in the user's recent logins (consistent reads of the few buckets that can hold them). */
  private async recentLoginKeys(userId: string): Promise<string[]> {
    const items = await this.batchGet(this.recentLogins.bucketKeys(userId, this.clock.now()));
    return items.flatMap((item) => this.recentLogins.sessionKeysIn(item));
  }

  /** Which of `keys` are live sessions of `userId` (consistent reads of only their key and identity). */
  private async liveSessionsOf(userId: string, keys: readonly string[]): Promise<string[]> {
    const items = await this.batchGet(keys, [this.keyName, USER_ID_ATTRIBUTE, this.expiresName]);
    const now = this.clock.now();
    return items
      .filter(
        (item) => item[USER_ID_ATTRIBUTE] === userId && Number(item[this.expiresName]) * 1000 > now,
      )
      .map((item) => String(item[this.keyName]));
  }

  /** The items under `keys` (consistent reads), retrying what DynamoDB leaves unprocessed. */
  private async batchGet(keys: readonly string[], attributes?: readonly string[]): Promise<Item[]> {
    const items: Item[] = [];
    const projection =
      attributes === undefined
        ? {}
        : {
            ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(
              attributes.map((name, i) => [`#a${i}`, name]),
            ),
          };
    for (const batch of chunks(keys, BATCH_GET_SIZE)) {
      const wanted = batch.map((key): Item => ({ [this.keyName]: key }));
      await this.untilProcessed('BatchGetItem', wanted, async (keysLeft) => {
        const result = await this.send('BatchGetItem', (abortSignal) =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: {
                [this.table]: { Keys: keysLeft, ConsistentRead: true, ...projection },
              },
            }),
            { abortSignal },
          ),
        );
        items.push(...((result.Responses?.[this.table] ?? []) as Item[]));
        return (result.UnprocessedKeys?.[this.table]?.Keys ?? []) as Item[];
      });
    }
    return items;
  }

  /**
   * Runs a batch `call` on `requests`, then again on what it leaves unprocessed, with exponential
   * backoff from 50 ms, up to BATCH_RETRIES times; then fails.
   */
  private async untilProcessed<T>(
    operation: string,
    requests: T[],
    call: (requests: T[]) => Promise<T[]>,
  ): Promise<void> {
    let pending = requests;
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > BATCH_RETRIES) {
        const problem = `${pending.length} requests were still unprocessed after ${BATCH_RETRIES} retries`;
        throw new SessionStoreError(operation, this.table, new Error(problem));
      }
      if (round > 0) await pause(50 * 2 ** (round - 1));
      pending = await call(pending);
    }
  }

  /** The item as stored (values coded); throws {@link SessionTooLargeError} above `maxSessionSize`. */
  private sizedItem(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Item {
    const item: Item = {
      [this.keyName]: key,
      [this.dataName]: this.codec.encodeAll(key, data),
      [this.expiresName]: toSeconds(times.expiresAt),
      [CREATED_AT_ATTRIBUTE]: times.createdAt,
      [TOUCHED_AT_ATTRIBUTE]: times.touchedAt,
      ...optional(USER_ID_ATTRIBUTE, details.userId),
      ...optional(USER_AGENT_ATTRIBUTE, details.userAgent),
    };
    const size = dynamoItemSize(item);
    if (size > this.options.maxSessionSize) {
      throw new SessionTooLargeError(size, this.options.maxSessionSize);
    }
    return item;
  }

  private putRequest(item: Item) {
    return {
      TableName: this.table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': this.keyName },
    };
  }

  /** Sends a command within `requestTimeout` (retries included); any failure becomes a {@link SessionStoreError}. */
  private async send<Output>(
    operation: string,
    call: (abortSignal: AbortSignal) => Promise<Output>,
  ): Promise<Output> {
    // A controller and a timer cleared on the answer: cheaper per call than AbortSignal.timeout().
    const timeoutMs = this.options.requestTimeout;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    try {
      return await call(controller.signal);
    } catch (error) {
      throw new SessionStoreError(operation, this.table, error, timeoutMs);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `{ [name]: value }`, or nothing when `value` is undefined: for optional fields of an object literal. */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/** Whether a transaction was cancelled because its first item's condition failed. */
function firstConditionFailed(error: SessionStoreError): boolean {
  const reasons = (error.cause as { CancellationReasons?: { Code?: string }[] })
    .CancellationReasons;
  return (
    error.code === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}
