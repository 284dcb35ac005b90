import { Inject, Injectable, Optional } from '@nestjs/common';
import { listPageLimit } from '../repository/list-page-limit.js';
import {
  SESSION_ENDINGS,
  SESSION_OPTIONS,
  SESSION_VALUE_CODEC,
} from '../dynamo-session.constants.js';
import {
  CREATED_AT_ATTRIBUTE,
  TOUCHED_AT_ATTRIBUTE,
  USER_ID_ATTRIBUTE,
} from '../table/session-table.constants.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionClock, systemClock } from '../session-clock.js';
import { encodeUserIndexCursor, userIndexPosition } from '../repository/session-cursor.js';
import { hasEnded, isLive, liveBounds, lifetimeOf } from '../rules/session-lifetime.js';
import { isSessionHandle } from '../repository/session-handle.js';
import {
  SessionItem as ItemLayout,
  updateSealedFields,
  type Item as SessionItem,
} from '../repository/session-item.js';
import { sizedSessionItem } from '../repository/sized-session-item.js';
import { withDevices, type ListedSession } from '../repository/session-device.js';
import type {
  ListByUserOptions,
  SessionChanges,
  DeletedSession,
  SessionDetails,
  SessionEndings,
  SessionReadOptions,
  SessionPage,
  SessionRepository,
  SessionTimes,
  StoredSession,
} from '../repository/session-repository.js';
import type { SessionStoreError } from '../repository/session-store.error.js';
import { storeCallError } from '../repository/session-store-rejected.error.js';
import type { SessionValueCodec } from '../repository/session-value-codec.js';
import { sessionValueCodecOf } from '../repository/session-value-codec.factory.js';
import { documentCopy } from './document-copy.js';
import { InMemorySessionLimit } from './in-memory-session-limit.js';
import type { SlotClaim } from '../repository/session-slots.js';

/** Above this many changed keys an update replaces the whole data map (as on DynamoDB). */
const MAX_KEYS_PER_UPDATE = 150;

type Data = Readonly<Record<string, unknown>>;

/** A conditional write that did not hold, named as DynamoDB names it. */
function conditionFailed(name: string): Error {
  const error = new Error('The conditional request failed');
  error.name = name;
  return error;
}

/**
 * A {@link SessionRepository} in memory, for tests of an app without DynamoDB (see
 * {@link DynamoSessionTestingModule}). It keeps the semantics of {@link DynamoSessionRepository}, and
 * a contract suite runs the same cases on both: items laid out and size-checked as on the table
 * (the same `SessionTooLargeError` at the same sizes), values through the same codec and stored as the
 * document client would round-trip them, writes conditional on the session being live (nothing
 * comes back after a destroy, a regenerate or an expiry), per-key merges, the user index newest first
 * with the same cursors, `maxSessionsPerUser`, and the time read from the {@link SessionClock}.
 * Expired items stay until deleted, as DynamoDB's TTL lags; reads and lists leave them out.
 */
@Injectable()
export class InMemorySessionRepository implements SessionRepository {
  private readonly items = new Map<string, SessionItem>();
  private readonly codec: SessionValueCodec;
  private readonly clock: SessionClock;
  private readonly layout: ItemLayout;
  private readonly limit: InMemorySessionLimit | undefined; // maxSessionsPerUser, when set

  constructor(
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
    @Optional() @Inject(SESSION_VALUE_CODEC) codec?: SessionValueCodec,
    @Optional() @Inject(SessionClock) clock?: SessionClock,
    @Optional() @Inject(SESSION_ENDINGS) private readonly endings?: SessionEndings | null,
  ) {
    this.codec = codec ?? sessionValueCodecOf(options);
    this.clock = clock ?? systemClock;
    this.limit =
      options.maxSessionsPerUser === undefined ? undefined : new InMemorySessionLimit(options);
    this.layout = new ItemLayout(options, this.codec.seal);
  }

  /** How many items it holds (expired ones included, as a table would until its TTL runs). */
  get size(): number {
    return this.items.size;
  }

  /** Forgets every session. */
  clear(): void {
    this.items.clear();
  }

  async get(key: string, options: SessionReadOptions = {}): Promise<StoredSession | undefined> {
    const item = this.items.get(key);
    if (item === undefined) return undefined;
    // Items are sealed here as in DynamoDB (see SessionItem), and checked the same way.
    const integrityError = this.layout.integrityError(key, item);
    if (integrityError !== undefined) throw integrityError;
    if (hasEnded(this.layout.servedUntil(item), this.clock.now()))
      return options.withEnded === true ? this.layout.endedSession(key, item) : undefined;
    const stored = item[this.options.dataAttribute] as Record<string, unknown>;
    const data = this.codec.decodeAll(key, documentCopy(stored, 'data') as Record<string, unknown>);
    return this.layout.storedSession(key, item, data);
  }

  async create(key: string, data: Data, times: SessionTimes, details?: SessionDetails) {
    const item = this.storedItem('PutItem', key, data, times, details);
    if (this.items.has(key)) {
      throw this.failure('PutItem', conditionFailed('ConditionalCheckFailedException'));
    }
    const limited = this.claim(details?.userId, { key, createdAt: times.createdAt });
    this.items.set(key, item);
    limited?.();
  }

  async replace(
    oldKey: string,
    newKey: string,
    data: Data,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Promise<boolean> {
    const item = this.storedItem('TransactWriteItems', newKey, data, times, details);
    const old = this.liveItem(oldKey);
    if (old === undefined) return false;
    const { previousTouchedAt } = details;
    if (previousTouchedAt !== undefined && old[TOUCHED_AT_ATTRIBUTE] !== previousTouchedAt)
      return false;
    if (this.items.has(newKey)) {
      throw this.failure('TransactWriteItems', conditionFailed('TransactionCanceledException'));
    }
    const claim = { key: newKey, createdAt: times.createdAt, replacing: oldKey };
    const limited = this.claim(details.userId, claim);
    this.items.delete(oldKey);
    this.items.set(newKey, item);
    limited?.();
    return true;
  }

  /** A login under `maxSessionsPerUser`: throws if refused, else what to do once it is stored. */
  private claim(userId: string | undefined, claim: Omit<SlotClaim, 'max' | 'onLimit'>) {
    const limit = this.limit;
    if (limit === undefined || userId === undefined) return undefined;
    const counted = (key: string) => {
      const item = this.liveItem(key);
      return item?.[USER_ID_ATTRIBUTE] === userId
        ? (item[CREATED_AT_ATTRIBUTE] as number)
        : undefined;
    };
    const plan = limit.plan(userId, claim, counted, this.items.keys());
    return () => {
      for (const key of limit.commit(userId, plan)) this.items.delete(key);
      if (plan.evicted.length > 0) this.endings?.revoked(userId, plan.evicted);
    };
  }

  async update(
    key: string,
    changes: SessionChanges,
    times: SessionTimes,
    details: SessionDetails = {},
  ): Promise<boolean> {
    const whole = this.storedItem('UpdateItem', key, changes.data, times, details);
    const stored = whole[this.options.dataAttribute] as Record<string, unknown>;
    const item = this.liveItem(key);
    if (item === undefined) return false;
    const setKeys = Object.keys(changes.set);
    if (setKeys.length + changes.remove.length > MAX_KEYS_PER_UPDATE) {
      item[this.options.dataAttribute] = stored;
    } else {
      // Per key, as DynamoDB's SET data.#k / REMOVE data.#k: keys another request wrote meanwhile stay.
      const data = item[this.options.dataAttribute] as Record<string, unknown>;
      for (const name of setKeys) data[name] = stored[name];
      for (const name of changes.remove) delete data[name];
    }
    Object.assign(item, this.layout.timeAttributes(key, times));
    if (changes.userId !== undefined) item[USER_ID_ATTRIBUTE] = changes.userId;
    if (this.layout.updateSeals(changes.userId !== undefined, changes.reseal === true)) {
      const sealed = updateSealedFields(changes, times, details);
      Object.assign(item, this.layout.sealAttribute(key, sealed));
    }
    return true;
  }

  async delete(
    key: string,
    options?: { returning?: boolean },
  ): Promise<DeletedSession | undefined> {
    const item = this.items.get(key);
    this.items.delete(key);
    if (options?.returning !== true || item === undefined) return undefined;
    const userId = item[USER_ID_ATTRIBUTE];
    return typeof userId === 'string' ? { userId } : {};
  }

  async listByUser(userId: string, options: ListByUserOptions = {}): Promise<SessionPage> {
    const limit = listPageLimit(options);
    const { keyAttribute } = this.options;
    let index = this.userIndex(userId);
    if (options.cursor !== undefined) {
      const from = userIndexPosition(options.cursor, userId, keyAttribute);
      index = index.filter((item) => this.sortsAfter(item, from));
    }
    const now = this.clock.now();
    const lifetime = lifetimeOf(this.options);
    const sessions: ListedSession[] = [];
    // Like DynamoDB's Limit: the page ends after `limit` live sessions, and past the last one read
    // the next page starts, whether or not any follow.
    for (const item of index) {
      const key = item[keyAttribute] as string;
      const createdAt = item[CREATED_AT_ATTRIBUTE] as number;
      const summary = this.layout.summary(item);
      if (!isLive(summary, now, lifetime)) continue;
      sessions.push(summary);
      if (sessions.length === limit) {
        const cursor = encodeUserIndexCursor(keyAttribute, key, userId, createdAt);
        return { sessions: await withDevices(sessions), cursor };
      }
    }
    return { sessions: await withDevices(sessions) };
  }

  async destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    const keys = this.userIndex(userId)
      .map((item) => item[this.options.keyAttribute] as string)
      .filter((key) => key !== options.exceptKey);
    for (const key of keys) this.items.delete(key);
    if (keys.length > 0) this.endings?.revoked(userId, keys);
    return keys.length;
  }

  async destroyByHandle(userId: string, handle: string): Promise<boolean> {
    if (!isSessionHandle(handle) || this.items.get(handle)?.[USER_ID_ATTRIBUTE] !== userId)
      return false;
    this.items.delete(handle);
    this.endings?.revoked(userId, [handle]);
    return true;
  }

  /** The items of a user, as the user index orders them: newest first. */
  private userIndex(userId: string): SessionItem[] {
    const { keyAttribute } = this.options;
    return [...this.items.values()]
      .filter((item) => item[USER_ID_ATTRIBUTE] === userId)
      .sort(
        (a, b) =>
          (b[CREATED_AT_ATTRIBUTE] as number) - (a[CREATED_AT_ATTRIBUTE] as number) ||
          String(b[keyAttribute]).localeCompare(String(a[keyAttribute])),
      );
  }

  /** Whether `item` comes after the position `from` in the user index (newest first). */
  private sortsAfter(item: SessionItem, from: Readonly<Record<string, unknown>>): boolean {
    const createdAt = item[CREATED_AT_ATTRIBUTE] as number;
    const fromCreatedAt = from[CREATED_AT_ATTRIBUTE] as number;
    if (createdAt !== fromCreatedAt) return createdAt < fromCreatedAt;
    const key = this.options.keyAttribute;
    return String(item[key]).localeCompare(String(from[key])) < 0;
  }

  /** The item under `key` if it is a live session now (the condition of every conditional write). */
  private liveItem(key: string): SessionItem | undefined {
    const item = this.items.get(key);
    if (item === undefined) return undefined;
    const bounds = liveBounds(lifetimeOf(this.options), this.clock.now());
    const live =
      (item[this.options.expiresAttribute] as number) > bounds.nowSeconds &&
      (item[TOUCHED_AT_ATTRIBUTE] as number) > bounds.idleCutoff &&
      (item[CREATED_AT_ATTRIBUTE] as number) > bounds.absoluteCutoff;
    return live ? item : undefined;
  }

  /** The item to store, sized and coded as on the table and copied as DynamoDB would hold it. */
  private storedItem(
    operation: string,
    key: string,
    data: Data,
    times: SessionTimes,
    details?: SessionDetails,
  ): SessionItem {
    const item = sizedSessionItem(this.options, this.codec, key, data, times, details);
    try {
      return documentCopy(item, 'item') as SessionItem;
    } catch (error) {
      throw this.failure(operation, error);
    }
  }

  private failure(operation: string, cause: unknown): SessionStoreError {
    return storeCallError({ operation, tableName: this.options.tableName, cause });
  }
}
