import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoCommandSender } from './dynamo-command-sender.js';
import { SessionStoreUnavailableError } from './session-store-unavailable.error.js';

/** DynamoDB's batch sizes. */
const BATCH_GET_SIZE = 100;
const BATCH_WRITE_SIZE = 25;
/** Rounds of retries for the unprocessed part of a batch, with exponential backoff from 50 ms. */
const BATCH_RETRIES = 8;

type Item = Record<string, unknown>;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

/**
 * Batch reads and deletes of session items by key, in DynamoDB's batch sizes, retrying what DynamoDB
 * leaves unprocessed with exponential backoff, then failing with a {@link SessionStoreUnavailableError}.
 */
export class DynamoBatches {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly sender: DynamoCommandSender,
    private readonly keyName: string,
  ) {}

  /** The items under `keys` (consistent reads), only `attributes` of them when given. */
  async get(keys: readonly string[], attributes?: readonly string[]): Promise<Item[]> {
    const table = this.sender.table;
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
        const result = await this.sender.send('BatchGetItem', (abortSignal) =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [table]: { Keys: keysLeft, ConsistentRead: true, ...projection } },
            }),
            { abortSignal },
          ),
        );
        items.push(...((result.Responses?.[table] ?? []) as Item[]));
        return (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
      });
    }
    return items;
  }

  /** Deletes the items under `keys`. */
  async delete(keys: readonly string[]): Promise<void> {
    const table = this.sender.table;
    for (const batch of chunks(keys, BATCH_WRITE_SIZE)) {
      const deletes = batch.map((key) => ({ DeleteRequest: { Key: { [this.keyName]: key } } }));
      await this.untilProcessed('BatchWriteItem', deletes, async (requests) => {
        const result = await this.sender.send('BatchWriteItem', (abortSignal) =>
          this.client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }), {
            abortSignal,
          }),
        );
        return (result.UnprocessedItems?.[table] ?? []) as typeof requests;
      });
    }
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
        throw new SessionStoreUnavailableError({
          operation,
          tableName: this.sender.table,
          cause: new Error(problem),
        });
      }
      if (round > 0) await pause(50 * 2 ** (round - 1));
      pending = await call(pending);
    }
  }
}
