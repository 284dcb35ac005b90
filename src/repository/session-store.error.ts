import { DynamoSessionError } from '../dynamo-session.error.js';

/** A call to the store that failed, as the repository saw it. */
export interface StoreCallFailure {
  /** The store operation, e.g. `GetItem`. */
  readonly operation: string;
  /** The table it ran against. */
  readonly tableName: string;
  /** What the AWS SDK (or Node) threw. */
  readonly cause: unknown;
  /** The time budget the call had, in ms (named when it ran out). */
  readonly timeoutMs?: number;
}

/**
 * What the two store errors share: {@link SessionStoreUnavailableError} (`SESSION_STORE_UNAVAILABLE`)
 * and {@link SessionStoreRejectedError} (`SESSION_STORE_REJECTED`). Thrown by the repository with the
 * failed call's message (operation, table, AWS error, the fix); the session core throws them with a
 * message its clients may see, the repository's error as `cause`. Internal: catch the two, or
 * `DynamoSessionError` and its `code`.
 */
export abstract class SessionStoreError extends DynamoSessionError {
  /** The store operation that failed, e.g. `GetItem` (unknown for a `failOpen` stand-in session). */
  readonly operation?: string;
  /** The table it ran against. */
  readonly tableName?: string;
  /**
   * The AWS error name (`ThrottlingException`, `ResourceNotFoundException`...), or the Node error's:
   * the detail of the failure, where `code` is the library's stable code.
   */
  readonly awsErrorName?: string;
  /**
   * Thrown by the repository for the call that failed: its message names the table and the AWS error,
   * for the log, not for clients. Transports pass such an error on as it is (a handler that called the
   * repository itself), so the platform logs it; they map only the session core's errors.
   */
  readonly fromRepository: boolean;

  /**
   * `summary`: the message when `failure` is no store call (the core's error); else the message names
   * the call. A `cause` that is a store error lends its detail (operation, table, AWS error name).
   */
  protected constructor(summary: string, failure: StoreCallFailure | { cause?: unknown } = {}) {
    const call = 'operation' in failure ? failure : undefined;
    super(
      call === undefined
        ? summary
        : `${call.operation} on DynamoDB table "${call.tableName}" failed: ${describe(call.cause, call.timeoutMs)}`,
      { cause: failure.cause },
    );
    this.fromRepository = call !== undefined;
    if (call !== undefined) {
      this.operation = call.operation;
      this.tableName = call.tableName;
      this.awsErrorName = awsErrorNameOf(call.cause);
    } else if (failure.cause instanceof SessionStoreError) {
      this.operation = failure.cause.operation;
      this.tableName = failure.cause.tableName;
      this.awsErrorName = failure.cause.awsErrorName;
    }
  }

  /** DynamoDB refused the request itself (a bug or bad data, not an outage): retrying will not help. */
  get rejected(): boolean {
    return this.code === 'SESSION_STORE_REJECTED';
  }
}

/** The name of what the AWS SDK (or Node) threw. */
export function awsErrorNameOf(cause: unknown): string {
  return cause instanceof Error ? cause.name : 'Error';
}

const HINTS: Record<string, string> = {
  ResourceNotFoundException:
    'does the table exist? Create it with `npx nestjs-dynamodb-session create-table` (see docs/production.md)',
  AccessDeniedException: 'grant the IAM action named above on the table',
  ProvisionedThroughputExceededException:
    'throttled after all retries; raise capacity or use on-demand billing',
  ThrottlingException: 'throttled after all retries',
};

function describe(cause: unknown, timeoutMs: number | undefined): string {
  if (!(cause instanceof Error)) return String(cause);
  const timedOut = cause.name === 'AbortError' || cause.name === 'TimeoutError';
  const hint =
    timedOut && timeoutMs !== undefined
      ? `no answer within requestTimeout (${timeoutMs} ms)`
      : missingIndex(cause)
        ? 'the table has no user index: `npx nestjs-dynamodb-session check` says how to add it'
        : unprojected(cause)
          ? 'the user index is of an older layout (no summary attributes): `npx nestjs-dynamodb-session check` says how to replace it'
          : HINTS[cause.name];
  const attempts = (cause as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const tries =
    attempts === undefined ? '' : ` after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  return `${cause.name}${tries}: ${cause.message}${hint === undefined ? '' : ` (${hint})`}`;
}

/** DynamoDB's answer to a Query of an index for attributes it does not project. */
function unprojected(cause: Error): boolean {
  return cause.name === 'ValidationException' && /project/i.test(cause.message);
}

/** DynamoDB's answer to a Query on an index the table does not have. */
function missingIndex(cause: Error): boolean {
  return cause.name === 'ValidationException' && /specified index/i.test(cause.message);
}
