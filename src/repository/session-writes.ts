import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { lifetimeOf } from '../rules/session-lifetime.js';
import type { SessionClock } from '../session-clock.js';
import { USER_ID_ATTRIBUTE } from '../table/session-table.constants.js';
import { toAttributes } from './attribute-values.js';
import { PlainCommands } from './plain-commands.js';
import type { DynamoCommandSender } from './dynamo-command-sender.js';
import { liveSessionCondition, type Condition } from './live-session-condition.js';
import type { RecentLogins } from './recent-logins.js';
import { sealingCondition } from './sealing-condition.js';
import type { SessionItem } from './session-item.js';
import type {
  DeletedSession,
  SessionChanges,
  SessionDetails,
  SessionTimes,
} from './session-repository.js';
import { SessionStoreError } from './session-store.error.js';
import type { SessionValueCodec } from './session-value-codec.js';
import { sizedSessionItem, sizedSessionUpdate } from './sized-session-item.js';
import { transactionConditionFailedAt } from './transaction-cancellation.js';
import { UpdateExpressionBuilder } from './update-expression-builder.js';

/** Above this many changed keys one write replaces the whole data map, to stay within DynamoDB's expression limits. */
const MAX_KEYS_PER_UPDATE = 150;
type SessionData = Readonly<Record<string, unknown>>;
/** One write of a TransactWriteItems. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The writes of one session's item: create (alone, or in a transaction with another write), replace
 * (regenerate), update and delete. Every item is size-checked against `maxSessionSize` before it is
 * written, and every write to an existing session is conditional on the session being live.
 */
export class SessionWrites {
  private readonly table: string;
  private readonly keyName: string;
  private readonly plain: PlainCommands;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: ResolvedSessionOptions,
    private readonly codec: SessionValueCodec,
    private readonly clock: SessionClock,
    private readonly sender: DynamoCommandSender,
    private readonly items: SessionItem,
    private readonly recentLogins: RecentLogins,
  ) {
    this.table = options.tableName;
    this.keyName = options.keyAttribute;
    this.plain = new PlainCommands(client);
  }

  /**
   * Stores a new session, alone (a PutItem) or in one transaction after `along` (writes on other
   * items: the delete of the connect-dynamodb session it is moved from, the user's session slots):
   * all happen, or none.
   */
  async create(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
    along: readonly TransactItem[] = [],
    prepared?: NewSessionPut,
  ): Promise<void> {
    const put = prepared ?? (await this.loggedPut(key, data, times, details));
    if (along.length === 0) {
      await this.sender.send('PutItem', (abortSignal) =>
        this.client.send(new PutCommand(put), { abortSignal }),
      );
      return;
    }
    await this.sender.send('TransactWriteItems', (abortSignal) =>
      this.client.send(new TransactWriteCommand({ TransactItems: [...along, { Put: put }] }), {
        abortSignal,
      }),
    );
  }

  /**
   * Replaces the session under `oldKey` (live, and unchanged since it was read) by a new one, in one
   * transaction with `along` (the user's session slots, after the delete and the put); false when the old
   * one was not.
   */
  async replace(
    oldKey: string,
    newKey: string,
    data: SessionData,
    times: SessionTimes,
    details: SessionDetails = {},
    along: readonly TransactItem[] = [],
    prepared?: NewSessionPut,
  ): Promise<boolean> {
    const put = prepared ?? (await this.loggedPut(newKey, data, times, details));
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
              ...along,
            ],
          }),
          { abortSignal },
        ),
      );
      return true;
    } catch (error) {
      if (transactionConditionFailedAt(error, 0)) return false;
      throw error;
    }
  }

  async update(
    key: string,
    changes: SessionChanges,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Promise<boolean> {
    const dataName = this.options.dataAttribute;
    const setKeys = Object.keys(changes.set);
    const bulk = setKeys.length + changes.remove.length > MAX_KEYS_PER_UPDATE;
    // The values written are coded once; the size limit counts the whole data as stored (and what the
    // item holds besides it: the User-Agent, the identity), the unchanged values at their stored size.
    const coded = sizedSessionUpdate(this.options, this.codec, key, changes, times, details, bulk);
    const live = this.liveCondition();
    // The names the condition tests (the TTL attribute, touchedAt) are the ones the update sets: sent once.
    const expression = new UpdateExpressionBuilder().share(live.names);
    for (const [name, value] of Object.entries(this.items.timeAttributes(key, times)))
      expression.set(name, value);
    if (bulk) {
      // Too many paths for one expression: replace the whole map (still conditional on the session being live).
      expression.set(dataName, coded);
    } else {
      for (const name of setKeys) {
        const value = coded[name] ?? this.codec.encode(key, name, changes.set[name]);
        expression.set([dataName, name], value);
      }
      for (const name of changes.remove) expression.remove([dataName, name]);
    }
    // An identity read from an older version's data.userId moves to the top-level attribute.
    if (changes.userId !== undefined) expression.set(USER_ID_ATTRIBUTE, changes.userId);
    const sealing = sealingCondition(this.items, { key, changes, times, details }, expression);
    const { names, values } = expression;
    Object.assign(names, sealing?.names);
    Object.assign(values, live.values, sealing?.values);
    try {
      await this.sender.send('UpdateItem', (abortSignal) =>
        // A plain UpdateItem (see attribute-values.ts): the write most requests make.
        this.plain.send(
          new UpdateItemCommand({
            TableName: this.table,
            Key: { [this.keyName]: { S: key } },
            UpdateExpression: expression.toString(),
            ConditionExpression:
              sealing === undefined
                ? live.expression
                : `${live.expression} AND ${sealing.expression}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: toAttributes(values),
          }),
          abortSignal,
        ),
      );
      return true;
    } catch (error) {
      // The session is gone (destroyed, regenerated or expired): the write must not bring it back.
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  /** Deletes the item under `key` if its identity is `userId`; false (nothing deleted) otherwise. */
  async deleteOwned(key: string, userId: string): Promise<boolean> {
    try {
      await this.sender.send('DeleteItem', (abortSignal) =>
        this.client.send(
          new DeleteCommand({
            TableName: this.table,
            Key: { [this.keyName]: key },
            ConditionExpression: '#userId = :userId',
            ExpressionAttributeNames: { '#userId': USER_ID_ATTRIBUTE },
            ExpressionAttributeValues: { ':userId': userId },
          }),
          { abortSignal },
        ),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  /** Deletes the item under `key`; with `returning`, answers its identity (undefined: no item). */
  async delete(key: string, returning = false): Promise<DeletedSession | undefined> {
    const { Attributes: old } = await this.sender.send('DeleteItem', (abortSignal) =>
      this.client.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { [this.keyName]: key },
          ...(returning ? { ReturnValues: 'ALL_OLD' as const } : {}),
        }),
        { abortSignal },
      ),
    );
    if (old === undefined) return undefined;
    const userId = old[USER_ID_ATTRIBUTE];
    return typeof userId === 'string' ? { userId } : {};
  }

  /**
   * The put of a new session's item (size-checked), after the login it carries is noted in the user's
   * recent logins: what {@link create} and {@link replace} write. Made once for a login that may be
   * written more than once (its turn lost to a parallel login of the same user).
   */
  async loggedPut(key: string, data: SessionData, times: SessionTimes, details?: SessionDetails) {
    const item = sizedSessionItem(this.options, this.codec, key, data, times, details);
    const put = {
      TableName: this.table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': this.keyName },
    };
    await this.recordLogin(key, times, details);
    return put;
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

  /** The condition that the item is a live session now (see {@link liveSessionCondition}). */
  private liveCondition(): Condition {
    return liveSessionCondition(this.options, lifetimeOf(this.options), this.clock.now());
  }
}

/** The put of a new session's item, as {@link SessionWrites.loggedPut} makes it. */
export type NewSessionPut = Awaited<ReturnType<SessionWrites['loggedPut']>>;

/** Whether a write was refused because its condition failed. */
function conditionFailed(error: unknown): boolean {
  return (
    error instanceof SessionStoreError && error.awsErrorName === 'ConditionalCheckFailedException'
  );
}
