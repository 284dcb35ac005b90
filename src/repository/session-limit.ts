import { createHash } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import type { SessionClock } from '../session-clock.js';
import type { DynamoCommandSender } from './dynamo-command-sender.js';
import { SessionLimitError } from './session-limit.error.js';
import type { DynamoBatches } from './dynamo-batches.js';
import { SessionStoreError } from './session-store.error.js';
import {
  firstCountSlots,
  planSlots,
  slotsOverflow,
  type SessionSlots,
  type SlotClaim,
} from './session-slots.js';
import { SessionStoreUnavailableError } from './session-store-unavailable.error.js';
import type { TransactItem } from './session-writes.js';
import { transactionConditionFailedAt, transactionConflicted } from './transaction-cancellation.js';
import type { UserSessions } from './user-sessions.js';

/** Attempts at a claim that other logins of the same user keep beating, before giving up. */
const MAX_ATTEMPTS = 60;
/** The attribute of the slots item that holds the slots: session key -> creation time (epoch ms). */
const SLOTS = 'slots';
const VERSION = 'version';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The writes of a login, given the writes on the slots item to make in the same transaction. */
export type SlottedWrite = (along: readonly TransactItem[]) => Promise<void>;

/** A claim's store-side outcome: the sessions it ended to make room. */
export interface ClaimResult {
  readonly evicted: readonly string[];
}

/**
 * `maxSessionsPerUser` on DynamoDB. A user's sessions are counted in one small item of the table
 * (`~session-slots#<SHA-256 of the user id>`, outside the user index, read consistently): each
 * session's key and creation time, and a version. A login reads it, works out the new slots (asking
 * the store which recorded sessions are still live only when they would overflow, so a logout costs
 * nothing here), and writes it on condition that its version did not move, in one transaction with
 * the new session's item and the deletes of the sessions it evicts. Parallel logins of one user thus
 * take turns: the one that loses reads again and retries. Only a user's first count (no slots item
 * yet) reads the user index, with the recent logins that cover its lag, as "log out everywhere" does.
 */
export class SessionLimit {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly options: ResolvedSessionOptions,
    private readonly sender: DynamoCommandSender,
    private readonly clock: SessionClock,
    private readonly userSessions: UserSessions,
    private readonly batches: DynamoBatches,
  ) {}

  /**
   * Stores a login of `userId` through `write` within the limit. `slotIndex` is where `write` puts
   * the slots item in its transaction, to tell its lost condition from another.
   */
  async claim(
    userId: string,
    claim: Omit<SlotClaim, 'max' | 'onLimit'>,
    slotIndex: number,
    write: SlottedWrite,
  ): Promise<ClaimResult> {
    const { maxSessionsPerUser: max, onLimit } = this.options;
    if (max === undefined) throw new Error('SessionLimit.claim without maxSessionsPerUser');
    const full: SlotClaim = { ...claim, max, onLimit };
    const key = this.slotsKey(userId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const { slots: recorded, version } = await this.read(key);
      // A user's first count (no slots item yet: the limit was just turned on, or TTL deleted the
      // item): the sessions stored before, found as "log out everywhere" finds them.
      const first =
        version === 0
          ? firstCountSlots(await this.userSessions.countedSessions(userId), max)
          : undefined;
      const slots = first?.slots ?? recorded;
      const live =
        first !== undefined
          ? new Set(slots.keys())
          : slotsOverflow(slots, full)
            ? new Set((await this.userSessions.countedSessionsOf(userId, [...slots.keys()])).keys())
            : undefined;
      const plan = planSlots(slots, full, live);
      if (plan.outcome === 'refused') {
        // A first count is kept even so, or every refused login would count again.
        if (first !== undefined) await this.keepFirstCount(key, slots);
        throw new SessionLimitError(max);
      }
      try {
        await write([this.slotsPut(key, plan.slots, version), ...this.deletes(plan.evicted)]);
      } catch (error) {
        // A lost turn: another login of this user wrote the slots first (their condition), or a
        // transaction was still at work on one of the items (DynamoDB cancels with TransactionConflict).
        if (!transactionConditionFailedAt(error, slotIndex) && !transactionConflicted(error))
          throw error;
        // Read them again, after a short random pause.
        await pause(Math.random() * 5 * Math.min(attempt, 10));
        continue;
      }
      // Sessions a first count found beyond what one login can end: ended outside the transaction.
      const surplus = onLimit === 'evict-oldest' ? (first?.surplus ?? []) : [];
      if (surplus.length > 0) await this.batches.delete(surplus);
      return { evicted: [...plan.evicted, ...surplus] };
    }
    // Not the limit: too many parallel logins of one user to take turns in time. Retrying helps.
    throw new SessionStoreUnavailableError({
      cause: new Error(
        `${MAX_ATTEMPTS} parallel logins of one user in a row took the turn of this one (maxSessionsPerUser)`,
      ),
    });
  }

  /** Stores a first count that refused its login, unless another login stored the slots meanwhile. */
  private async keepFirstCount(key: string, slots: SessionSlots): Promise<void> {
    const { Put } = this.slotsPut(key, slots, 0);
    if (Put === undefined) return;
    try {
      await this.sender.send('PutItem', (abortSignal) =>
        this.client.send(new PutCommand(Put as PutCommandInput), { abortSignal }),
      );
    } catch (error) {
      if (!(
        error instanceof SessionStoreError &&
        error.awsErrorName === 'ConditionalCheckFailedException'
      ))
        throw error;
    }
  }

  private async read(key: string): Promise<{ slots: SessionSlots; version: number }> {
    const { Item } = await this.sender.send('GetItem', (abortSignal) =>
      this.client.send(
        new GetCommand({
          TableName: this.options.tableName,
          Key: { [this.options.keyAttribute]: key },
          ConsistentRead: true,
        }),
        { abortSignal },
      ),
    );
    const stored = Item?.[SLOTS];
    const slots = new Map<string, number>();
    if (typeof stored === 'object' && stored !== null) {
      for (const [session, createdAt] of Object.entries(stored as Record<string, unknown>))
        if (typeof createdAt === 'number') slots.set(session, createdAt);
    }
    const version = Item?.[VERSION];
    return { slots, version: typeof version === 'number' ? version : 0 };
  }

  /** The slots item written anew, on condition that it is still at `version` (0: not there yet). */
  private slotsPut(key: string, slots: SessionSlots, version: number): TransactItem {
    const { tableName, keyAttribute, expiresAttribute, absoluteTimeout } = this.options;
    return {
      Put: {
        TableName: tableName,
        Item: {
          [keyAttribute]: key,
          [SLOTS]: Object.fromEntries(slots),
          // From the clock when it starts anew: a login that read an item TTL deleted since cannot
          // match the version of the one that replaced it.
          [VERSION]: version === 0 ? this.clock.now() : version + 1,
          // No session it names outlives this (twice the absolute timeout: room for a raised one);
          // then TTL may delete it, and the next login counts the user's sessions anew.
          [expiresAttribute]: Math.ceil((this.clock.now() + 2 * absoluteTimeout * 1000) / 1000),
        },
        ...(version === 0
          ? {
              ConditionExpression: 'attribute_not_exists(#key)',
              ExpressionAttributeNames: { '#key': keyAttribute },
            }
          : {
              ConditionExpression: '#version = :version',
              ExpressionAttributeNames: { '#version': VERSION },
              ExpressionAttributeValues: { ':version': version },
            }),
      },
    };
  }

  private deletes(keys: readonly string[]): TransactItem[] {
    const { tableName, keyAttribute } = this.options;
    return keys.map((key) => ({ Delete: { TableName: tableName, Key: { [keyAttribute]: key } } }));
  }

  /** A key no session id hashes to (a session's is 43 base64url characters). */
  private slotsKey(userId: string): string {
    return `~session-slots#${createHash('sha256').update(userId).digest('base64url')}`;
  }
}
