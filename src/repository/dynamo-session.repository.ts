import { Inject, Injectable, Optional } from '@nestjs/common';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  SESSION_DOCUMENT_CLIENT,
  SESSION_ENDINGS,
  SESSION_OPTIONS,
  SESSION_VALUE_CODEC,
} from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { readsConsistentlyByDefault } from '../rules/session-consistency.js';
import { hasEnded } from '../rules/session-lifetime.js';
import { SessionClock, systemClock } from '../session-clock.js';
import { fromAttributes } from './attribute-values.js';
import { PlainCommands } from './plain-commands.js';
import { DynamoBatches } from './dynamo-batches.js';
import { DynamoCommandSender } from './dynamo-command-sender.js';
import { isSessionHandle } from './session-handle.js';
import { RecentLogins } from './recent-logins.js';
import { SessionItem } from './session-item.js';
import { SessionLimit } from './session-limit.js';
import type {
  ListByUserOptions,
  SessionChanges,
  DeletedSession,
  SessionDetails,
  SessionPage,
  SessionEndings,
  SessionReadOptions,
  SessionRepository,
  SessionTimes,
  StoredSession,
} from './session-repository.js';
import type { SessionValueCodec } from './session-value-codec.js';
import { sessionValueCodecOf } from './session-value-codec.factory.js';
import { SessionWrites, type NewSessionPut, type TransactItem } from './session-writes.js';
import { tableWideDelete } from './table-wide-delete.js';
import { UserIndexQuery } from './user-index-query.js';
import { UserSessions } from './user-sessions.js';

type SessionData = Readonly<Record<string, unknown>>;

/**
 * {@link SessionRepository} on a DynamoDB table: one item per session, keyed by the SHA-256 of its id.
 * Each top-level value of the data is stored through the {@link SessionValueCodec} (compressed above
 * `compression.threshold`, encrypted with `encryption`), one by one, so a write sets only what changed.
 * It reads sessions itself; the writes of one session are {@link SessionWrites}, a user's sessions
 * {@link UserSessions}.
 */
@Injectable()
export class DynamoSessionRepository implements SessionRepository {
  private readonly codec: SessionValueCodec;
  private readonly plain: PlainCommands;
  private readonly clock: SessionClock;
  private readonly items: SessionItem;
  private readonly sender: DynamoCommandSender;
  private readonly batches: DynamoBatches;
  private readonly writes: SessionWrites;
  private readonly userSessions: UserSessions;
  /** `maxSessionsPerUser`, when set. */
  private readonly limit: SessionLimit | undefined;

  constructor(
    @Inject(SESSION_DOCUMENT_CLIENT) private readonly client: DynamoDBDocumentClient,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SESSION_VALUE_CODEC) codec?: SessionValueCodec,
    @Optional() @Inject(SessionClock) clock?: SessionClock,
    @Optional() @Inject(SESSION_ENDINGS) private readonly endings?: SessionEndings | null,
  ) {
    this.codec = codec ?? sessionValueCodecOf(options);
    this.plain = new PlainCommands(client);
    this.clock = clock ?? systemClock;
    this.items = new SessionItem(options, this.codec.seal);
    this.sender = new DynamoCommandSender(options.tableName, options.requestTimeout);
    this.batches = new DynamoBatches(client, this.sender, options.keyAttribute);
    const recentLogins = new RecentLogins(options.keyAttribute, options.expiresAttribute);
    this.writes = new SessionWrites(
      client,
      options,
      this.codec,
      this.clock,
      this.sender,
      this.items,
      recentLogins,
    );
    this.userSessions = new UserSessions(
      options,
      this.clock,
      this.items,
      this.batches,
      new UserIndexQuery(client, this.sender, this.items, options.userIndexName),
      recentLogins,
    );
    this.limit =
      options.maxSessionsPerUser === undefined
        ? undefined
        : new SessionLimit(
            client,
            options,
            this.sender,
            this.clock,
            this.userSessions,
            this.batches,
          );
  }

  async get(key: string, options: SessionReadOptions = {}): Promise<StoredSession | undefined> {
    // A plain GetItem (see attribute-values.ts): the read every request makes.
    const { Item: attributes } = await this.sender.send('GetItem', (abortSignal) =>
      this.plain.send(
        new GetItemCommand({
          TableName: this.options.tableName,
          Key: { [this.options.keyAttribute]: { S: key } },
          ConsistentRead:
            options.consistent ?? readsConsistentlyByDefault(this.options.consistentRead),
        }),
        abortSignal,
      ),
    );
    const item = attributes === undefined ? undefined : fromAttributes(attributes);
    if (item === undefined) return undefined;
    // An item changed outside the library (its seal) or of the wrong shape: never served as it is.
    const integrityError = this.items.integrityError(key, item);
    if (integrityError !== undefined) throw integrityError;
    // DynamoDB's TTL deletes expired items up to 48 hours late: an expired item is no session.
    if (hasEnded(this.items.servedUntil(item), this.clock.now()))
      return options.withEnded === true ? this.items.endedSession(key, item) : undefined;
    const stored = this.items.codedData(item);
    if (stored === undefined) return this.items.storedSession(key, item, {});
    // A value that does not decode throws SessionIntegrityError: never a session with a doubtful value.
    const { data, sizes } = this.codec.decodeSized(key, stored);
    const session = this.items.storedSession(key, item, data);
    // The stored sizes an update can count instead of coding the unchanged values again.
    return Object.keys(sizes).length === 0 ? session : { ...session, valueSizes: sizes };
  }

  async create(
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void> {
    const userId = details?.userId;
    if (this.limit === undefined || userId === undefined) {
      return this.writes.create(key, data, times, details);
    }
    // The put is made once (however many turns the login takes), and only for a login the limit lets
    // in; the slots item first in the transaction ([slots, ...evictions, put]).
    let put: NewSessionPut | undefined;
    const { evicted } = await this.limit.claim(
      userId,
      { key, createdAt: times.createdAt },
      0,
      async (along) => {
        put ??= await this.writes.loggedPut(key, data, times, details);
        await this.writes.create(key, data, times, details, along, put);
      },
    );
    if (evicted.length > 0) this.endings?.revoked(userId, evicted);
  }

  /**
   * Stores a new session like {@link create}, in one transaction with `along`, a conditional write on
   * another item (the delete of the connect-dynamodb session it is moved from): both happen, or
   * neither. A failed condition rejects with the store error of the cancelled transaction.
   * Not part of {@link SessionRepository}.
   */
  createAlong(
    along: TransactItem,
    key: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<void> {
    return this.writes.create(key, data, times, details, [along]);
  }

  async replace(
    oldKey: string,
    newKey: string,
    data: SessionData,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<boolean> {
    const userId = details?.userId;
    if (this.limit === undefined || userId === undefined) {
      return this.writes.replace(oldKey, newKey, data, times, details);
    }
    let replaced = false;
    // The slots item third in the transaction ([delete old, put new, slots, ...evictions]); the old
    // session stops counting (a renewed id of the same user).
    const claim = { key: newKey, createdAt: times.createdAt, replacing: oldKey };
    let put: NewSessionPut | undefined;
    const { evicted } = await this.limit.claim(userId, claim, 2, async (along) => {
      put ??= await this.writes.loggedPut(newKey, data, times, details);
      replaced = await this.writes.replace(oldKey, newKey, data, times, details, along, put);
    });
    if (replaced && evicted.length > 0) this.endings?.revoked(userId, evicted);
    return replaced;
  }

  update(
    key: string,
    changes: SessionChanges,
    times: SessionTimes,
    details?: SessionDetails,
  ): Promise<boolean> {
    return this.writes.update(key, changes, times, details);
  }

  delete(key: string, options?: { returning?: boolean }): Promise<DeletedSession | undefined> {
    return this.writes.delete(key, options?.returning === true);
  }

  listByUser(userId: string, options?: ListByUserOptions): Promise<SessionPage> {
    return this.userSessions.listByUser(userId, options);
  }

  async destroyByUser(userId: string, options?: { exceptKey?: string }): Promise<number> {
    const handles = await this.userSessions.destroyByUser(userId, options);
    if (handles.length > 0) this.endings?.revoked(userId, handles);
    return handles.length;
  }

  async destroyByHandle(userId: string, handle: string): Promise<boolean> {
    const ended = isSessionHandle(handle) && (await this.writes.deleteOwned(handle, userId));
    if (ended) this.endings?.revoked(userId, [handle]);
    return ended;
  }

  /**
   * Deletes every item of the table and resolves how many (see {@link tableWideDelete}: a Scan of the
   * whole table, for tests and maintenance, not for a request). Not part of {@link SessionRepository}.
   */
  deleteAll(): Promise<number> {
    return tableWideDelete(this.client, this.sender, this.batches, this.items);
  }
}
