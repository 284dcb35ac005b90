import { DynamoSessionError } from '../dynamo-session.error.js';
import { endpointOf, type ClientTarget } from './client-target.js';

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** AWS errors that mean the credentials were refused (not the permissions). */
const CREDENTIAL_ERRORS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'MissingAuthenticationTokenException',
]);

/** What kind of failure a {@link SessionTableError} is, for callers that react to it. */
export type SessionTableErrorKind =
  /** The IAM identity may not perform the action (`AccessDeniedException`). */
  | 'access-denied'
  /** DynamoDB refused the credentials, or none were found. */
  | 'credentials'
  /** The endpoint could not be reached, or did not answer in time. */
  | 'unreachable'
  /** The endpoint answered, but not as DynamoDB does. */
  | 'not-dynamodb'
  /** The table does not exist. */
  | 'not-found'
  /** Waited longer than `maxWaitSeconds`. */
  | 'timeout'
  /** Anything else (the AWS error is in `causeCode` and `cause`). */
  | 'other';

/**
 * A table operation ({@link createSessionTable}, {@link checkSessionTable}, {@link deleteSessionTable})
 * failed, code `SESSION_TABLE_FAILED`; `kind` says how. The message says what to do: the IAM action to
 * grant, the endpoint that cannot be reached...
 */
export class SessionTableError extends DynamoSessionError {
  override readonly name = 'SessionTableError';
  readonly code = 'SESSION_TABLE_FAILED';

  constructor(
    message: string,
    /** The DynamoDB operation that failed, e.g. `DescribeTable`. */
    readonly operation: string,
    /** The table it ran against. */
    readonly tableName: string,
    readonly kind: SessionTableErrorKind,
    /**
     * The AWS error's name (e.g. `AccessDeniedException`), or Node's error code (`ECONNREFUSED`): the
     * detail of the failure, where `code` is the library's stable code.
     */
    readonly causeCode: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }

  /**
   * Wraps what a DynamoDB call threw, with a message for a person: the IAM action for
   * `AccessDeniedException`, the endpoint for a network error, and so on.
   */
  static from(
    error: unknown,
    operation: string,
    tableName: string,
    target: ClientTarget,
  ): SessionTableError {
    // `this`, not the class's name: a bundled class that names itself is renamed (_SessionTableError).
    if (error instanceof this) return error;
    // Duck-typed, not instanceof: errors can come from another realm (Node's sockets under a VM,
    // as in Jest), and the SDK then wraps them, keeping only their text.
    const fields = (typeof error === 'object' && error !== null ? error : {}) as {
      name?: unknown;
      message?: unknown;
      code?: unknown;
      $metadata?: { httpStatusCode?: number };
    };
    const name = typeof fields.name === 'string' ? fields.name : 'Error';
    const text = typeof fields.message === 'string' ? fields.message : String(error);
    const networkCode = /\b(E[A-Z]{4,})\b/.exec(text)?.[1];
    const code =
      typeof fields.code === 'string'
        ? fields.code
        : networkCode !== undefined && NETWORK_CODES.has(networkCode)
          ? networkCode
          : name;
    const status = fields.$metadata?.httpStatusCode;
    const where = endpointOf(target);
    const make = (kind: SessionTableErrorKind, message: string): SessionTableError =>
      new this(message, operation, tableName, kind, code, error);

    if (name === 'AccessDeniedException') {
      // The denied action can differ from the operation (CreateTable with tags needs TagResource too).
      const action = /perform:?\s+(dynamodb:[A-Za-z]+)/.exec(text)?.[1] ?? `dynamodb:${operation}`;
      return make(
        'access-denied',
        `not allowed to ${action} on table ${tableName}: grant it (see docs/iam.md)`,
      );
    }
    if (CREDENTIAL_ERRORS.has(name))
      return make(
        'credentials',
        `DynamoDB at ${where} refused the AWS credentials (${name}: ${text}): check them and the region`,
      );
    if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(text))
      return make(
        'credentials',
        'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (for DynamoDB Local any values will do)',
      );
    if (/Region is missing|Region not accepted/i.test(text))
      return make('other', `no AWS region: set one (AWS_REGION, or --region for the CLI)`);
    if (name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'AbortError')
      return make('unreachable', `no answer from DynamoDB at ${where} in time (${operation})`);
    if (NETWORK_CODES.has(code))
      return make(
        'unreachable',
        `cannot reach DynamoDB at ${where} (${code}): is it running, and is the endpoint right?`,
      );
    if (name === 'ResourceNotFoundException')
      return make('not-found', `table ${tableName} does not exist${inRegion(target)}`);
    const garbled = name === 'SyntaxError' || /Deserialization error/.test(text);
    if ((name === 'Unknown' || name === 'UnknownError' || garbled) && status !== undefined)
      return make(
        'not-dynamodb',
        `the endpoint ${where} answered HTTP ${status} to ${operation}, not as DynamoDB does: is it a DynamoDB endpoint?`,
      );
    return make('other', `${operation} on table ${tableName} failed: ${name}: ${text}`);
  }
}

function inRegion(target: ClientTarget): string {
  if (target.endpoint !== undefined) return ` at ${target.endpoint}`;
  return target.region === undefined ? '' : ` in ${target.region}`;
}
