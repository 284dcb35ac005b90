/** How the bench classifies DynamoDB operations (by the name in their `X-Amz-Target` header). */

/** Operations that read items. */
export const READ_OPERATIONS: ReadonlySet<string> = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
]);

/** Operations that write items. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
  'BatchWriteItem',
]);

/**
 * Operations DynamoDB bills at twice the capacity of the same plain reads or writes. DynamoDB Local
 * reports their capacity like plain operations', so the bench doubles it.
 */
export const TRANSACTIONAL_OPERATIONS: ReadonlySet<string> = new Set([
  'TransactWriteItems',
  'TransactGetItems',
]);

type Body = Record<string, unknown>;

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/**
 * How many items an operation reads or writes: the items of a transaction or a batch, else 1 (a
 * Query or Scan counts as one read call whatever it returns).
 */
export function itemsOf(operation: string, body: Body | undefined): number {
  switch (operation) {
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return lengthOf(body?.['TransactItems']);
    case 'BatchWriteItem':
      return Object.values((body?.['RequestItems'] ?? {}) as Record<string, unknown>).reduce(
        (sum: number, requests) => sum + lengthOf(requests),
        0,
      );
    case 'BatchGetItem':
      return Object.values((body?.['RequestItems'] ?? {}) as Record<string, { Keys?: unknown }>)
        .map((table) => lengthOf(table?.Keys))
        .reduce((sum, keys) => sum + keys, 0);
    default:
      return 1;
  }
}
