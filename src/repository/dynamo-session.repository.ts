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
import type {
  SessionChanges,
  SessionRepository,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import { SessionStoreError } from './session-store.error.js';

/** Above this many changed keys one write replaces the whole data map, to stay within DynamoDB's expression limits. */
const MAX_KEYS_PER_UPDATE = 50;

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
    const { Item: item } = await this.send('GetItem', () =>
      this.client.send(
        new GetCommand({
          TableName: this.table,
          Key: { [this.keyName]: key },
          ConsistentRead: this.options.consistentRead,
        }),
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

  async create(
    key: string,
    data: Readonly<Record<string, unknown>>,
    times: SessionTimes,
  ): Promise<void> {
    await this.send('PutItem', () =>
      this.client.send(new PutCommand(this.putRequest(key, data, times))),
    );
  }

  async replace(
    oldKey: string,
    newKey: string,
    data: Readonly<Record<string, unknown>>,
    times: SessionTimes,
  ): Promise<void> {
    await this.send('TransactWriteItems', () =>
      this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: { [this.keyName]: oldKey } } },
            { Put: this.putRequest(newKey, data, times) },
          ],
        }),
      ),
    );
  }

  async update(key: string, changes: SessionChanges, times: SessionTimes): Promise<boolean> {
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
      this.addKeyChanges(changes, setKeys, names, values, sets, removes);
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { [this.keyName]: key },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_exists(#key) AND #expires > :now',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw new SessionStoreError('UpdateItem', this.table, error);
    }
  }

  async delete(key: string): Promise<void> {
    await this.send('DeleteItem', () =>
      this.client.send(new DeleteCommand({ TableName: this.table, Key: { [this.keyName]: key } })),
    );
  }

  private addKeyChanges(
    changes: SessionChanges,
    setKeys: readonly string[],
    names: Record<string, string>,
    values: Record<string, unknown>,
    sets: string[],
    removes: string[],
  ): void {
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

  private putRequest(key: string, data: Readonly<Record<string, unknown>>, times: SessionTimes) {
    return {
      TableName: this.table,
      Item: {
        [this.keyName]: key,
        [this.dataName]: data,
        [this.expiresName]: toSeconds(times.expiresAt),
        [CREATED_AT_ATTRIBUTE]: times.createdAt,
        [TOUCHED_AT_ATTRIBUTE]: times.touchedAt,
      },
      ConditionExpression: 'attribute_not_exists(#key)',
      ExpressionAttributeNames: { '#key': this.keyName },
    };
  }

  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new SessionStoreError(operation, this.table, error);
    }
  }
}
