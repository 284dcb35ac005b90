import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
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
import type {
  SessionChanges,
  SessionDetails,
  SessionRepository,
  SessionSummary,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import { SessionStoreError } from './session-store.error.js';
import { SessionTooLargeError } from './session-too-large.error.js';
import type { SessionValueCodec } from './session-value-codec.js';
import { sessionValueCodecOf } from './session-value-codec.factory.js';

/** Above this many changed keys one write replaces the whole data map, to stay within DynamoDB's expression limits. */
const MAX_KEYS_PER_UPDATE = 150;
/** DynamoDB's batch sizes. */
const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
/** Keys per page of the user index, so a user with many sessions is read in several small queries. */
const QUERY_PAGE_SIZE = 100;
/** Rounds of retries for the unprocessed part of a batch, with exponential backoff from 50 ms. */
const BATCH_RETRIES = 8;

type SessionData = Readonly<Record<string, unknown>>;
type Item = Record<string, unknown>;

const toSeconds = (ms: number): number => Math.ceil(ms / 1000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The user id to index a session by: `data.userId` when it is a non-empty string (or a number). */
function userIdOf(data: SessionData): string | undefined {
  const value = data[USER_ID_ATTRIBUTE];
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

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

  constructor(
    @Inject(SESSION_DOCUMENT_CLIENT) private readonly client: DynamoDBDocumentClient,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SESSION_VALUE_CODEC) codec?: SessionValueCodec,
  ) {
    this.codec = codec ?? sessionValueCodecOf(options);
    this.table = options.tableName;
    this.keyName = options.keyAttribute;
    this.expiresName = options.expiresAttribute;
    this.dataName = options.dataAttribute;
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
    if (!(expiresAt > Date.now())) return undefined;
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
    };
  }

  async create(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void> {
    const put = this.putRequest(this.sizedItem(key, data, times, details));
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
    const now = Date.now();
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

  async update(key: string, changes: SessionChanges, times: SessionTimes): Promise<boolean> {
    // Each value is coded once: the size limit counts the whole data as stored, the write sets the changed ones.
    const stored = this.sizedItem(key, changes.data, times)[this.dataName] as Item;
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
    if (bulk || setKeys.includes(USER_ID_ATTRIBUTE) || changes.remove.includes(USER_ID_ATTRIBUTE)) {
      // Keep the top-level userId (the user index's key) in step with data.userId.
      const userId = userIdOf(changes.data);
      if (userId === undefined) expression.remove(USER_ID_ATTRIBUTE);
      else expression.set(USER_ID_ATTRIBUTE, userId);
    }
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

  async listByUser(userId: string): Promise<SessionSummary[]> {
    const keys = await this.userKeys(userId);
    const items = await this.batchGet(keys);
    const now = Date.now();
    return items
      .filter(
        (item) =>
          item[USER_ID_ATTRIBUTE] === userId &&
          Number(item[this.expiresName]) * 1000 > now &&
          // Ended by notBefore, though still in the table.
          Number(item[CREATED_AT_ATTRIBUTE] ?? 0) >= (this.options.notBefore ?? 0),
      )
      .map((item) => ({
        key: String(item[this.keyName]),
        createdAt: Number(item[CREATED_AT_ATTRIBUTE] ?? 0),
        touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
        expiresAt: Number(item[this.expiresName]) * 1000,
        ...(typeof item[USER_AGENT_ATTRIBUTE] === 'string'
          ? { userAgent: item[USER_AGENT_ATTRIBUTE] }
          : {}),
      }))
      .sort((a, b) => b.touchedAt - a.touchedAt);
  }

  async destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    const keys = (await this.userKeys(userId)).filter((key) => key !== options.exceptKey);
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
    return keys.length;
  }

  /** Keys of a user's sessions from the user index, every page of it. */
  private async userKeys(userId: string): Promise<string[]> {
    const keys: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const from = start;
      const page = await this.send('Query', (abortSignal) =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: this.options.userIndexName,
            KeyConditionExpression: '#userId = :userId',
            ExpressionAttributeNames: { '#userId': USER_ID_ATTRIBUTE },
            ExpressionAttributeValues: { ':userId': userId },
            ExclusiveStartKey: from,
            Limit: QUERY_PAGE_SIZE,
          }),
          { abortSignal },
        ),
      );
      for (const item of page.Items ?? []) keys.push(String(item[this.keyName]));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return keys;
  }

  /** The items under `keys` (consistent reads), retrying what DynamoDB leaves unprocessed. */
  private async batchGet(keys: readonly string[]): Promise<Item[]> {
    const items: Item[] = [];
    for (const batch of chunks(keys, BATCH_GET_SIZE)) {
      const wanted = batch.map((key): Item => ({ [this.keyName]: key }));
      await this.untilProcessed('BatchGetItem', wanted, async (keysLeft) => {
        const result = await this.send('BatchGetItem', (abortSignal) =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.table]: { Keys: keysLeft, ConsistentRead: true } },
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
    const userId = userIdOf(data);
    const item: Item = {
      [this.keyName]: key,
      [this.dataName]: this.codec.encodeAll(key, data),
      [this.expiresName]: toSeconds(times.expiresAt),
      [CREATED_AT_ATTRIBUTE]: times.createdAt,
      [TOUCHED_AT_ATTRIBUTE]: times.touchedAt,
      ...(userId === undefined ? {} : { [USER_ID_ATTRIBUTE]: userId }),
      ...(details.userAgent === undefined ? {} : { [USER_AGENT_ATTRIBUTE]: details.userAgent }),
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

/** Whether a transaction was cancelled because its first item's condition failed. */
function firstConditionFailed(error: SessionStoreError): boolean {
  const reasons = (error.cause as { CancellationReasons?: { Code?: string }[] })
    .CancellationReasons;
  return (
    error.code === 'TransactionCanceledException' && reasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}
