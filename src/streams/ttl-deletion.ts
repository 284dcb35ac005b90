import type { SessionEvent } from '../session/session-event.js';
import { isSessionHandle } from '../repository/session-handle.js';
import { USER_ID_ATTRIBUTE } from '../table/session-table.constants.js';
import type { SessionStreamRecord } from './session-stream-event.js';

/** The principal DynamoDB's TTL deletes items as, in a stream record's `userIdentity`. */
export const TTL_PRINCIPAL = 'dynamodb.amazonaws.com';

/**
 * Whether a stream record is DynamoDB's TTL deleting an item: a `REMOVE` whose user identity is the
 * DynamoDB service. An app's own deletes (a logout, a destroy) have no user identity.
 */
export function isTtlDeletion(record: SessionStreamRecord): boolean {
  return (
    record.eventName === 'REMOVE' &&
    record.userIdentity?.type === 'Service' &&
    record.userIdentity.principalId === TTL_PRINCIPAL
  );
}

/**
 * The `expired` event of a TTL deletion of a session: its handle (the table key), its user (from the
 * old image; undefined with a `KEYS_ONLY` stream, or for a guest) and the time of the deletion.
 * Undefined for any other record, and for an item that is not a session (a key of another form).
 */
export function expiredEventOf(
  record: SessionStreamRecord,
  keyAttribute: string,
): SessionEvent | undefined {
  if (!isTtlDeletion(record)) return undefined;
  const handle = record.dynamodb?.Keys?.[keyAttribute]?.S;
  if (!isSessionHandle(handle)) return undefined;
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return {
    type: 'expired',
    userId: record.dynamodb?.OldImage?.[USER_ID_ATTRIBUTE]?.S,
    handle,
    at:
      typeof seconds === 'number' && Number.isFinite(seconds)
        ? Math.round(seconds * 1000)
        : Date.now(),
  };
}
