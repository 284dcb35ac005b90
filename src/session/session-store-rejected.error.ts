/**
 * The store refused the session's read or write (a validation error, missing permissions, a wrong
 * table): retrying will not help. HTTP answers 500; the cause is logged with the table's fix.
 */
export class SessionStoreRejectedError extends Error {
  override readonly name = 'SessionStoreRejectedError';

  constructor(options?: { cause?: unknown }) {
    super('The session store rejected the session.', options);
  }
}
