/** Thrown by a write to a read-only session (a GraphQL subscription's); nothing of it is stored. */
export class SessionReadOnlyError extends Error {
  constructor(reason: string) {
    super(`This session is read-only: ${reason}`);
    this.name = 'SessionReadOnlyError';
  }
}
