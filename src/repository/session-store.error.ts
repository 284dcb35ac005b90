/** The session store failed (DynamoDB unreachable, throttled, missing table, denied...). */
export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError';

  constructor(
    /** The store operation, e.g. `GetItem`. */
    readonly operation: string,
    /** The table it ran against. */
    readonly tableName: string,
    override readonly cause: unknown,
  ) {
    super(`${operation} on DynamoDB table "${tableName}" failed: ${describeCause(cause)}`);
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const hint =
    cause.name === 'ResourceNotFoundException'
      ? ' (does the table exist? Create it with createSessionTable() or the AWS CLI command in the README)'
      : cause.name === 'AccessDeniedException'
        ? ' (grant the IAM action named above on the table)'
        : '';
  return `${cause.name}: ${cause.message}${hint}`;
}
