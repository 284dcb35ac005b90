import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { benchClientConfig } from '../client-config.js';
import { IDLE_TIMEOUT_SECONDS, targetEnv } from '../target-env.js';

type Data = Record<string, unknown>;

const seconds = (ms: number): number => Math.ceil(ms / 1000);

/**
 * The `raw` target's DynamoDB calls, by hand, on the library's table layout (`id` = SHA-256 of the
 * session id, `data` map, `expires` TTL in epoch seconds, `createdAt`, `touchedAt`, top-level `userId`
 * for the user index) with the library's client settings: the floor no session library can beat.
 */
@Injectable()
export class RawSessionStore implements OnModuleDestroy {
  private readonly base: DynamoDBClient;
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor() {
    const env = targetEnv();
    this.table = env.table;
    this.base = new DynamoDBClient(benchClientConfig(env));
    this.client = DynamoDBDocumentClient.from(this.base, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  /** The data of a live session: one consistent GetItem. */
  async get(key: string): Promise<Data | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { id: key }, ConsistentRead: true }),
    );
    if (item === undefined || !(Number(item['expires']) * 1000 > Date.now())) return undefined;
    return (item['data'] ?? {}) as Data;
  }

  /** Sets one top-level key of a live session and extends it: one conditional UpdateItem. */
  async set(key: string, name: string, value: unknown): Promise<boolean> {
    const now = Date.now();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id: key },
          UpdateExpression: 'SET #data.#name = :value, #expires = :expires, #touchedAt = :now',
          ConditionExpression: 'attribute_exists(#id) AND #expires > :nowSeconds',
          ExpressionAttributeNames: {
            '#id': 'id',
            '#data': 'data',
            '#name': name,
            '#expires': 'expires',
            '#touchedAt': 'touchedAt',
          },
          ExpressionAttributeValues: {
            ':value': value,
            ':expires': seconds(now + IDLE_TIMEOUT_SECONDS * 1000),
            ':now': now,
            ':nowSeconds': Math.floor(now / 1000),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Stores a new session: one conditional PutItem. */
  async create(key: string, data: Data): Promise<void> {
    const now = Date.now();
    const userId = typeof data['userId'] === 'string' ? data['userId'] : undefined;
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          id: key,
          data,
          expires: seconds(now + IDLE_TIMEOUT_SECONDS * 1000),
          createdAt: now,
          touchedAt: now,
          ...(userId === undefined ? {} : { userId }),
        },
        ConditionExpression: 'attribute_not_exists(#id)',
        ExpressionAttributeNames: { '#id': 'id' },
      }),
    );
  }

  /** Ends a session: one DeleteItem. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.table, Key: { id: key } }));
  }

  onModuleDestroy(): void {
    this.base.destroy();
  }
}
