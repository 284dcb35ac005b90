import { Inject, Injectable } from '@nestjs/common';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  CREATED_AT_ATTRIBUTE,
  SESSION_DOCUMENT_CLIENT,
  SESSION_OPTIONS,
  TOUCHED_AT_ATTRIBUTE,
} from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../resolved-session-options.js';
import { dynamoItemSize } from './dynamo-item-size.js';
import type {
  SessionChanges,
  SessionRepository,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import { SessionStoreError } from './session-store.error.js';
import { SessionTooLargeError } from './session-too-large.error.js';

/** Above this many changed keys one write replaces the whole data map, to stay within DynamoDB's expression limits. */
const MAX_KEYS_PER_UPDATE = 50;

type SessionData = Readonly<Record<string, unknown>>;
type Item = Record<string, unknown>;

const toSeconds = (ms: number): number => Math.ceil(ms / 1000);

/** {@link SessionRepository} on a DynamoDB table: one item per session, keyed by the SHA-256 of its id. */
@Injectable()
export class DynamoSessionRepository implements SessionRepository {
  private readonly table: string;
  private readonly keyName: string;
  private readonly expiresName: string;
  private readonly dataName: string;

  constructor(
    @Inject(SESSION_DOCUMENT_CLIENT) private readonly client: DynamoDBDocumentClient,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
  ) {
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
    const data = item[this.dataName];
    return {
      key,
      data: typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {},
      createdAt: Number(item[CREATED_AT_ATTRIBUTE] ?? 0),
      touchedAt: Number(item[TOUCHED_AT_ATTRIBUTE] ?? 0),
      expiresAt,
    };
  }

  async create(key: string, data: SessionData, times: SessionTimes): Promise<void> {
    const put = this.putRequest(this.sizedItem(key, data, times));
    await this.send('PutItem', (abortSignal) =>
      this.client.send(new PutCommand(put), { abortSignal }),
    );
  }

  async replace(
    oldKey: string,
    newKey: string,
    data: SessionData,
    times: SessionTimes,
  ): Promise<void> {
    const put = this.putRequest(this.sizedItem(newKey, data, times));
    await this.send('TransactWriteItems', (abortSignal) =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: { [this.keyName]: oldKey } } },
            { Put: put },
          ],
        }),
        { abortSignal },
      ),
    );
  }

  async update(key: string, changes: SessionChanges, times: SessionTimes): Promise<boolean> {
    this.sizedItem(key, changes.data, times);
    const names: Record<string, string> = {
      '#key': this.keyName,
      '#expires': this.expiresName,
      '#touchedAt': TOUCHED_AT_ATTRIBUTE,
    };
    const values: Record<string, unknown> = {
      ':expires': toSeconds(times.expiresAt),
      ':touchedAt': times.touchedAt,
      ':now': Math.floor(Date.now() / 1000),
    };
    const sets = ['#expires = :expires', '#touchedAt = :touchedAt'];
    const removes: string[] = [];
    const setKeys = Object.keys(changes.set);
    // DynamoDB rejects names an expression does not use: name the data map only when it changes.
    if (setKeys.length + changes.remove.length > 0) names['#data'] = this.dataName;
    if (setKeys.length + changes.remove.length > MAX_KEYS_PER_UPDATE) {
      // Too many paths for one expression: replace the whole map (still conditional on the session being live).
      sets.push('#data = :data');
      values[':data'] = changes.data;
    } else {
      setKeys.forEach((name, index) => {
        names[`#s${index}`] = name;
        values[`:s${index}`] = changes.set[name];
        sets.push(`#data.#s${index} = :s${index}`);
      });
      changes.remove.forEach((name, index) => {
        names[`#r${index}`] = name;
        removes.push(`#data.#r${index}`);
      });
    }
    try {
      await this.send('UpdateItem', (abortSignal) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { [this.keyName]: key },
            UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
            ConditionExpression: 'attribute_exists(#key) AND #expires > :now',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
          { abortSignal },
        ),
      );
      return true;
    } catch (error) {
      // The session is gone (destroyed, regenerated or expired): the write must not bring it back.
      if (error instanceof SessionStoreError && error.code === 'ConditionalCheckFailedException')
        return false;
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

  /** The item as stored; throws {@link SessionTooLargeError} above `maxSessionSize`. */
  private sizedItem(key: string, data: SessionData, times: SessionTimes): Item {
    const item: Item = {
      [this.keyName]: key,
      [this.dataName]: data,
      [this.expiresName]: toSeconds(times.expiresAt),
      [CREATED_AT_ATTRIBUTE]: times.createdAt,
      [TOUCHED_AT_ATTRIBUTE]: times.touchedAt,
    };
    const size = dynamoItemSize(item);
    if (size > this.options.maxSessionSize)
      throw new SessionTooLargeError(size, this.options.maxSessionSize);
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
    try {
      return await call(AbortSignal.timeout(this.options.requestTimeout));
    } catch (error) {
      throw new SessionStoreError(operation, this.table, error, this.options.requestTimeout);
    }
  }
}
