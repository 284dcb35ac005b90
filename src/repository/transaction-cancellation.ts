import { SessionStoreError } from './session-store.error.js';

/**
 * What a cancelled TransactWriteItems says of its items: its `CancellationReasons`, one per item in
 * their order (`ConditionalCheckFailed`, `TransactionConflict`, `None`, ...); none for another error.
 */
function cancellationReasons(error: unknown): readonly (string | undefined)[] {
  if (!(error instanceof SessionStoreError)) return [];
  if (error.awsErrorName !== 'TransactionCanceledException') return [];
  const reasons = (error.cause as { CancellationReasons?: { Code?: string }[] })
    .CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code);
}

/** Whether `error` is a transaction cancelled because the condition of its item at `index` failed. */
export function transactionConditionFailedAt(error: unknown, index: number): boolean {
  return cancellationReasons(error)[index] === 'ConditionalCheckFailed';
}

/** Whether `error` is a transaction cancelled because another transaction was at work on its items. */
export function transactionConflicted(error: unknown): boolean {
  return cancellationReasons(error).includes('TransactionConflict');
}
