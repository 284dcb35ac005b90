import { DynamoSessionError } from '../dynamo-session.error.js';

/** Thrown by a write to a read-only session (a GraphQL subscription's); nothing of it is stored. */
export class SessionReadOnlyError extends DynamoSessionError {
  readonly code = 'SESSION_READ_ONLY';

  constructor(reason: string) {
    super(`This session is read-only: ${reason}`);
    this.name = 'SessionReadOnlyError';
  }
}
