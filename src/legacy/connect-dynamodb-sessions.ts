import { DeleteCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResolvedLegacyOptions } from '../options/legacy-options.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import type { SessionClock } from '../session-clock.js';
import { DynamoCommandSender } from '../repository/dynamo-command-sender.js';
import { DynamoSessionRepository } from '../repository/dynamo-session.repository.js';
import type {
  LegacyOutcome,
  LegacySession,
  LegacySessionStore,
  MovedSession,
} from './legacy-session-store.js';
import type { SessionRepository } from '../repository/session-repository.js';
import { SessionStoreError } from '../repository/session-store.error.js';

/** connect-dynamodb 3's item: `<hashKey>` = prefix + id, `expires` (epoch seconds), `sess` (JSON text). */
const EXPIRES = 'expires';
const SESS = 'sess';

/**
 * {@link LegacySessionStore} on connect-dynamodb's table. A read is one strongly consistent GetItem;
 * a move is one TransactWriteItems: the legacy item's delete, on condition that its `sess` is still
 * what was read, with the new session's PutItem (through {@link DynamoSessionRepository.createAlong}).
 */
export class ConnectDynamoDbSessions implements LegacySessionStore {
  private readonly sender: DynamoCommandSender;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: ResolvedLegacyOptions,
    private readonly sessions: DynamoSessionRepository,
    private readonly clock: SessionClock,
    requestTimeout: number,
  ) {
    this.sender = new DynamoCommandSender(options.tableName, requestTimeout);
  }

  async get(sid: string): Promise<LegacySession | undefined> {
    const { Item: item } = await this.sender.send('GetItem', (abortSignal) =>
      this.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: this.key(sid),
          ConsistentRead: true,
        }),
        { abortSignal },
      ),
    );
    const sess = item?.[SESS];
    const expires = item?.[EXPIRES];
    // connect-dynamodb's own rule (an item without an expiry is not taken for a live one); TTL lags.
    if (typeof sess !== 'string' || typeof expires !== 'number') return undefined;
    if (Math.floor(this.clock.now() / 1000) >= expires) return undefined;
    const data = parseSession(sess);
    return data === undefined ? undefined : { sid, data, sess, expires };
  }

  async move(legacy: LegacySession, moved: MovedSession): Promise<LegacyOutcome> {
    try {
      await this.sessions.createAlong(
        { Delete: this.deleteRequest(legacy) },
        moved.key,
        moved.data,
        moved.times,
        moved.details,
      );
      return 'moved';
    } catch (error) {
      const reason = firstCancellation(error);
      if (reason === undefined) throw error;
      return reason;
    }
  }

  async end(legacy: LegacySession): Promise<LegacyOutcome> {
    try {
      await this.sender.send('DeleteItem', (abortSignal) =>
        this.client.send(new DeleteCommand(this.deleteRequest(legacy)), { abortSignal }),
      );
      return 'moved';
    } catch (error) {
      if (!(
        error instanceof SessionStoreError &&
        error.awsErrorName === 'ConditionalCheckFailedException'
      ))
        throw error;
      return (error.cause as { Item?: unknown }).Item === undefined ? 'gone' : 'changed';
    }
  }

  private key(sid: string): Record<string, string> {
    return { [this.options.keyAttribute]: `${this.options.prefix}${sid}` };
  }

  /** The delete of `legacy`, only while it holds what was read (it answers the item it found otherwise). */
  private deleteRequest(legacy: LegacySession) {
    return {
      TableName: this.options.tableName,
      Key: this.key(legacy.sid),
      ConditionExpression: '#sess = :sess',
      ExpressionAttributeNames: { '#sess': SESS },
      ExpressionAttributeValues: { ':sess': legacy.sess },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
  }
}

/**
 * The module's {@link LegacySessionStore} when the option `legacy` is on (null when it is off): moves
 * write the new session through `repository`, which must be the module's {@link DynamoSessionRepository}.
 */
export function connectDynamoDbSessions(
  options: ResolvedSessionOptions,
  client: DynamoDBDocumentClient,
  repository: SessionRepository,
  clock: SessionClock,
): ConnectDynamoDbSessions | null {
  if (options.legacy === undefined) return null;
  if (!(repository instanceof DynamoSessionRepository)) {
    throw new Error(
      'legacy: moving sessions from connect-dynamodb writes them in one DynamoDB transaction with the legacy delete, through DynamoSessionRepository; the SessionRepository provider was replaced',
    );
  }
  return new ConnectDynamoDbSessions(
    client,
    options.legacy,
    repository,
    clock,
    options.requestTimeout,
  );
}

/** express-session's session object from connect-dynamodb's `sess` text; undefined when it is none. */
function parseSession(sess: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(sess);
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why a move's transaction was cancelled by its first item (the legacy delete): `'gone'` when the item
 * was deleted, `'changed'` when it holds other data or another transaction was writing it. Undefined
 * for any other failure (rethrown as it is).
 */
function firstCancellation(error: unknown): 'gone' | 'changed' | undefined {
  if (!(
    error instanceof SessionStoreError && error.awsErrorName === 'TransactionCanceledException'
  ))
    return undefined;
  const reasons = (error.cause as { CancellationReasons?: { Code?: string; Item?: unknown }[] })
    .CancellationReasons;
  const first = reasons?.[0];
  if (first?.Code === 'ConditionalCheckFailed')
    return first.Item === undefined ? 'gone' : 'changed';
  if (first?.Code === 'TransactionConflict') return 'changed';
  return undefined;
}
