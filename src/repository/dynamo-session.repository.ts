import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  SESSION_DOCUMENT_CLIENT,
  SESSION_OPTIONS,
  SESSION_VALUE_CODEC,
} from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../resolved-session-options.js';
import { TOUCHED_AT_ATTRIBUTE, USER_ID_ATTRIBUTE } from '../table/session-table.constants.js';
import { DynamoBatches } from './dynamo-batches.js';
import { DynamoCommandSender } from './dynamo-command-sender.js';
import { sizedSessionItem } from './sized-session-item.js';
import { liveSessionCondition, type Condition } from './live-session-condition.js';
import { UpdateExpressionBuilder } from './update-expression-builder.js';
import { encodeSessionCursor } from './session-cursor.js';
import { RecentLogins } from './recent-logins.js';
import { SessionItem, type Item } from './session-item.js';
import { UserIndexQuery } from './user-index-query.js';
import type {
  ListByUserOptions,
  SessionChanges,
  SessionDetails,
  SessionPage,
  SessionReadOptions,
  SessionRepository,
  SessionSummary,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import { SessionStoreError } from './session-store.error.js';
import type { SessionValueCodec } from './session-value-codec.js';
import { sessionValueCodecOf } from './session-value-codec.factory.js';
import { SessionClock, systemClock } from '../session-clock.js';

/** Above this many changed keys one write replaces the whole data map, to stay within DynamoDB's expression limits. */
const MAX_KEYS_PER_UPDATE = 150;
/** Sessions per page of `listByUser`, by default and at most. */
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;
type SessionData = Readonly<Record<string, unknown>>;
/** One write of a TransactWriteItems. */
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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
  private readonly items: SessionItem;
  private readonly sender: DynamoCommandSender;
  private readonly batches: DynamoBatches;
  private readonly userIndex: UserIndexQuery;
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
    this.items = new SessionItem(options);
    this.sender = new DynamoCommandSender(options.tableName, options.requestTimeout);
    this.batches = new DynamoBatches(client, this.sender, options.keyAttribute);
    this.userIndex = new UserIndexQuery(client, this.sender, this.items, options.userIndexName);
  }

  async get(key: string, options: SessionReadOptions = {}): Promise<StoredSession | undefined> {
    const { Item: item } = await this.sender.send('GetItem', (abortSignal) =>
      this.client.send(
        new GetCommand({
          TableName: this.table,
          Key: { [this.keyName]: key },
          ConsistentRead: options.consistent ?? this.options.consistentRead !== false,
        }),
        { abortSignal },
      ),
    );
    if (item === undefined) return undefined;
    // DynamoDB's TTL deletes expired items up to 48 hours late: an expired item is no session.
    if (!(this.items.expiresAt(item) > this.clock.now())) return undefined;
    const stored = this.items.codedData(item);
    // A value that does not decode throws SessionIntegrityError: never a session with a doubtful value.
    const data = stored === undefined ? {} : this.codec.decodeAll(key, stored);
    return this.items.storedSession(key, item, data);
  }

  async create(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void> {
    const put = await this.loggedPut(key, data, times, details);
    await this.sender.send('PutItem', (abortSignal) =>
      this.client.send(new PutCommand(put), { abortSignal }),
    );
  }

  /**
   * The put of a new session's item (size-checked), after the login it carries is noted in the user's
   * recent logins: what {@link create} and {@link createAlong} both write.
   */
  private async loggedPut(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ) {
    const put = this.putRequest(this.sizedItem(key, data, times, details));
    await this.recordLogin(key, times, details);
    return put;
  }

  /**
   * Stores a new session like {@link create}, in one transaction with `along`, a conditional write on
   * another item (the delete of the connect-dynamodb session it is moved from): both happen, or
   * neither. A failed condition rejects with the store error of the cancelled transaction.
   * Not part of {@link SessionRepository}.
   */
  async createAlong(
    along: TransactItem,
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void> {
    const put = await this.loggedPut(key, data, times, details);
    await this.sender.send('TransactWriteItems', (abortSignal) =>
      this.client.send(new TransactWriteCommand({ TransactItems: [along, { Put: put }] }), {
        abortSignal,
      }),
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
      await this.sender.send('TransactWriteItems', (abortSignal) =>
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

  /** The condition that the item is a live session now (see {@link liveSessionCondition}). */
  private liveCondition(): Condition {
    return liveSessionCondition(this.options, this.options, this.clock.now());
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
    await this.sender.send('UpdateItem', (abortSignal) =>
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
    expression.set(this.expiresName, this.items.expirySeconds(times));
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
      await this.sender.send('UpdateItem', (abortSignal) =>
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
      if (
        error instanceof SessionStoreError &&
        error.awsErrorName === 'ConditionalCheckFailedException'
      ) {
        return false;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.sender.send('DeleteItem', (abortSignal) =>
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
    const start =
      options.cursor === undefined ? undefined : this.userIndex.startKey(userId, options.cursor);
    const summaries: SessionSummary[] = [];
    let from = start;
    const now = this.clock.now();
    // Expired items still in the table (TTL lags) are filtered out after DynamoDB's Limit, so a page can
    // come back short: read on until the page is full or the index ends.
    do {
      const page = await this.userIndex.page(userId, {
        from,
        limit: limit - summaries.length,
        summaries: true,
      });
      for (const item of page.items) {
        if (!(this.items.expiresAt(item) > now)) continue;
        // Ended by notBefore, though still in the table.
        if (this.items.createdAt(item) < (this.options.notBefore ?? 0)) continue;
        summaries.push(this.items.summary(item));
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
    const indexed = new Set(await this.userIndex.keys(userId));
    const unindexed = await this.liveSessionsOf(
      userId,
      recent.filter((key) => !indexed.has(key)),
    );
    const keys = [...indexed, ...unindexed].filter((key) => key !== options.exceptKey);
    await this.batches.delete(keys);
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
      const page = await this.sender.send('Scan', (abortSignal) =>
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
      const keys = (page.Items ?? []).map((item) => this.items.key(item));
      await this.batches.delete(keys);
      deleted += keys.length;
      from = page.LastEvaluatedKey;
    } while (from !== undefined);
    return deleted;
  }

  /** Keys noted in the user's recent logins (consistent reads of the few buckets that can hold them). */
  private async recentLoginKeys(userId: string): Promise<string[]> {
    const items = await this.batches.get(this.recentLogins.bucketKeys(userId, this.clock.now()));
    return items.flatMap((item) => this.recentLogins.sessionKeysIn(item));
  }

  /** Which of `keys` are live sessions of `userId` (consistent reads of only their key and identity). */
  private async liveSessionsOf(userId: string, keys: readonly string[]): Promise<string[]> {
    const items = await this.batches.get(keys, [this.keyName, USER_ID_ATTRIBUTE, this.expiresName]);
    const now = this.clock.now();
    return items
      .filter((item) => item[USER_ID_ATTRIBUTE] === userId && this.items.expiresAt(item) > now)
      .map((item) => this.items.key(item));
  }

  /** The item as stored (values coded); throws `SessionTooLargeError` above `maxSessionSize`. */
  private sizedItem(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Item {
    return sizedSessionItem(this.options, this.codec, key, data, times, details);
  }

  private putRequest(item: Item) {
    return {
      TableName: this.table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': this.keyName },
    };
  }
}

/** Whether a transaction was cancelled because its first item's condition failed. */
function firstConditionFailed(error: SessionStoreError): boolean {
  const reasons = (error.cause as { CancellationReasons?: { Code?: string }[] })
    .CancellationReasons;
  return (
    error.awsErrorName === 'TransactionCanceledException' &&
    reasons?.[0]?.Code === 'ConditionalCheckFailed'
  );
}
