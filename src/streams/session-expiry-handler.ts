import type { SessionEventListener } from '../session/session-event.js';
import { DEFAULT_KEY_ATTRIBUTE } from '../table/session-table.constants.js';
import type {
  SessionStreamBatchResponse,
  SessionStreamEvent,
  SessionStreamRecord,
} from './session-stream-event.js';
import { expiredEventOf } from './ttl-deletion.js';

/** Options of {@link sessionExpiryHandler}. */
export interface SessionExpiryHandlerOptions {
  /** Receives an `expired` event for each session DynamoDB's TTL deleted. */
  readonly onSessionEvent: SessionEventListener;
  /** The table's key attribute, as the module's `keyAttribute` (default `id`). */
  readonly keyAttribute?: string;
}

/** A Lambda handler for the sessions table's stream. */
export type SessionExpiryHandler = (
  event: SessionStreamEvent,
) => Promise<SessionStreamBatchResponse>;

/**
 * A Lambda handler for the sessions table's DynamoDB stream that turns TTL deletions of sessions into
 * the same `expired` events the module emits when a request finds a session past its end (DynamoDB's
 * TTL deletes up to 48 hours late, and only the stream sees it). Other records are skipped.
 *
 * Records are handled in order. When the listener throws or rejects, the handler answers that record
 * and stops: Lambda delivers it (and the ones after it) again, with `ReportBatchItemFailures` set on
 * the event source mapping. So a listener may see an event twice and should be idempotent (the
 * handle identifies the session).
 */
export function sessionExpiryHandler(options: SessionExpiryHandlerOptions): SessionExpiryHandler {
  const { onSessionEvent, keyAttribute = DEFAULT_KEY_ATTRIBUTE } = options ?? {};
  if (typeof onSessionEvent !== 'function') {
    throw new TypeError(
      'sessionExpiryHandler: onSessionEvent must be a function (event) => void, the listener of the expired events',
    );
  }
  if (typeof keyAttribute !== 'string' || keyAttribute === '') {
    throw new TypeError(
      "sessionExpiryHandler: keyAttribute must be the table's key attribute, as the module's keyAttribute option (default id)",
    );
  }
  return async (event) => {
    for (const record of recordsOf(event)) {
      const expired = expiredEventOf(record, keyAttribute);
      if (expired === undefined) continue;
      try {
        await onSessionEvent(expired);
      } catch (error) {
        const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
        // To the function's log (CloudWatch), as the module logs a failed listener.
        console.error(`A session event listener failed on "expired": ${reason}`);
        const sequence = record.dynamodb?.SequenceNumber;
        // Without a sequence number Lambda cannot tell which record failed: fail the whole batch.
        if (sequence === undefined)
          throw new Error('A session event listener failed on "expired"', { cause: error });
        return { batchItemFailures: [{ itemIdentifier: sequence }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

function recordsOf(event: SessionStreamEvent): readonly SessionStreamRecord[] {
  const records = (event as Partial<SessionStreamEvent> | undefined)?.Records;
  if (!Array.isArray(records)) {
    throw new TypeError(
      "sessionExpiryHandler: the event has no Records: deploy the handler with the sessions table's DynamoDB stream as its event source",
    );
  }
  return records as readonly SessionStreamRecord[];
}
