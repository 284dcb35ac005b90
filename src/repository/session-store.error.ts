/** The session store failed (DynamoDB unreachable, slow, throttled, missing table, denied...). */
export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError';
  /** The AWS error name (`ThrottlingException`, `ResourceNotFoundException`...), or the Node error's. */
  readonly code: string;

  constructor(
    /** The store operation, e.g. `GetItem`. */
    readonly operation: string,
    /** The table it ran against. */
    readonly tableName: string,
    override readonly cause: unknown,
    /** The time budget the call had, in ms (named when it ran out). */
    timeoutMs?: number,
  ) {
    const code = cause instanceof Error ? cause.name : 'Error';
    super(`${operation} on DynamoDB table "${tableName}" failed: ${describe(cause, timeoutMs)}`);
    this.code = code;
  }

  /** DynamoDB refused the request itself (a bug or bad data, not an outage): retrying will not help. */
  get rejected(): boolean {
    return this.code === 'ValidationException' || this.code === 'SerializationException';
  }
}

const HINTS: Record<string, string> = {
  ResourceNotFoundException:
    'does the table exist? Create it with `npx nestjs-dynamodb-session create-table` (see the README)',
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
