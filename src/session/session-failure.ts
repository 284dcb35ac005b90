import { DynamoSessionError, type DynamoSessionErrorCode } from '../dynamo-session.error.js';
import { SessionStoreError } from '../repository/session-store.error.js';

/**
 * The code of `error` when it is a failure the session core reports to a transport's client (its
 * message is for clients); undefined for any other error, which a transport passes on as it is. A store
 * error the repository threw to a handler that called it itself is such an other error: its message
 * names the table and the AWS error, for the platform's log.
 */
export function sessionFailureCode(error: unknown): DynamoSessionErrorCode | undefined {
  if (!(error instanceof DynamoSessionError)) return undefined;
  if (error instanceof SessionStoreError && error.fromRepository) return undefined;
  return error.code;
}
