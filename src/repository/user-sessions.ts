import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { listPageLimit } from './list-page-limit.js';
import { hasEnded, isLive, lifetimeOf, type SessionLifetime } from '../rules/session-lifetime.js';
import type { SessionClock } from '../session-clock.js';
import { USER_ID_ATTRIBUTE } from '../table/session-table.constants.js';
import type { DynamoBatches } from './dynamo-batches.js';
import type { RecentLogins } from './recent-logins.js';
import { encodeSessionCursor } from './session-cursor.js';
import { withDevices, type ListedSession } from './session-device.js';
import type { SessionItem } from './session-item.js';
import type { ListByUserOptions, SessionPage } from './session-repository.js';
import type { UserIndexQuery } from './user-index-query.js';

/**
 * The sessions of one user: listed from the user index, and all ended at once ("log out everywhere")
 * from the index and the user's recent logins, which hold the sessions the index has not caught up with.
 */
export class UserSessions {
  constructor(
    private readonly options: ResolvedSessionOptions,
    private readonly clock: SessionClock,
    private readonly items: SessionItem,
    private readonly batches: DynamoBatches,
    private readonly userIndex: UserIndexQuery,
    private readonly recentLogins: RecentLogins,
  ) {
    this.lifetime = lifetimeOf(options);
  }

  /** The lifetime rules a listing applies, as a read does. */
  private readonly lifetime: SessionLifetime;

  async listByUser(userId: string, options: ListByUserOptions = {}): Promise<SessionPage> {
    const limit = listPageLimit(options);
    const start =
      options.cursor === undefined ? undefined : this.userIndex.startKey(userId, options.cursor);
    const summaries: ListedSession[] = [];
    let from = start;
    const now = this.clock.now();
    // Expired items still in the table (TTL lags) are filtered out after DynamoDB's Limit, so a page can
    // come back short: read on until the page is full or the index ends.
    do {
      const page = await this.userIndex.page(userId, {
        from,
        limit: limit - summaries.length,
        summaries: true,
      });
      for (const item of page.items) {
        const summary = this.items.summary(item);
        // Ended (past its end, or its timeouts under the current options), or revoked by notBefore,
        // though still in the table: as a read says.
        if (isLive(summary, now, this.lifetime)) summaries.push(summary);
      }
      from = page.next;
    } while (from !== undefined && summaries.length < limit);
    const sessions = await withDevices(summaries);
    return from === undefined ? { sessions } : { sessions, cursor: encodeSessionCursor(from) };
  }

  /** Deletes the user's sessions (but `exceptKey`) and resolves their keys. */
  async destroyByUser(
    userId: string,
    options: { exceptKey?: string } = {},
  ): Promise<readonly string[]> {
    // The recent logins are read first and consistently: a session stored before this call is there or
    // (once the index has caught up) in the index.
    const recent = await this.recentLoginKeys(userId);
    const indexed = new Set(await this.userIndex.keys(userId));
    const unindexed = await this.liveSessionsOf(
      userId,
      recent.filter((key) => !indexed.has(key)),
    );
    const keys = [...indexed, ...unindexed].filter((key) => key !== options.exceptKey);
    await this.batches.delete(keys);
    return keys;
  }

  /**
   * The sessions of `userId` among `keys` that a read would still serve (their end, the timeouts and
   * `notBefore` applied), each with its creation time: what `maxSessionsPerUser` counts. Consistent
   * reads of the whole items.
   */
  async countedSessionsOf(userId: string, keys: readonly string[]): Promise<Map<string, number>> {
    const counted = new Map<string, number>();
    if (keys.length === 0) return counted;
    const now = this.clock.now();
    for (const item of await this.batches.get(keys)) {
      if (item[USER_ID_ATTRIBUTE] !== userId) continue;
      const key = this.items.key(item);
      // As a read: an item it would refuse (its seal), or past its exact end, is no session.
      if (this.items.integrityError(key, item) !== undefined) continue;
      const summary = { ...this.items.summary(item), expiresAt: this.items.servedUntil(item) };
      if (isLive(summary, now, this.lifetime)) counted.set(key, summary.createdAt);
    }
    return counted;
  }

  /**
   * Every session of `userId` {@link countedSessionsOf} counts, found as "log out everywhere" finds
   * them (the user index and the recent logins): a limit's first count of a user.
   */
  async countedSessions(userId: string): Promise<Map<string, number>> {
    const recent = await this.recentLoginKeys(userId);
    const indexed = await this.userIndex.keys(userId);
    return this.countedSessionsOf(userId, [...new Set([...indexed, ...recent])]);
  }

  /** Keys noted in the user's recent logins (consistent reads of the few buckets that can hold them). */
  private async recentLoginKeys(userId: string): Promise<string[]> {
    const items = await this.batches.get(this.recentLogins.bucketKeys(userId, this.clock.now()));
    return items.flatMap((item) => this.recentLogins.sessionKeysIn(item));
  }

  /** Which of `keys` are live sessions of `userId` (consistent reads of only their key and identity). */
  private async liveSessionsOf(userId: string, keys: readonly string[]): Promise<string[]> {
    const attributes = [
      this.options.keyAttribute,
      USER_ID_ATTRIBUTE,
      this.options.expiresAttribute,
    ];
    const items = await this.batches.get(keys, attributes);
    const now = this.clock.now();
    return items
      .filter(
        (item) => item[USER_ID_ATTRIBUTE] === userId && !hasEnded(this.items.expiresAt(item), now),
      )
      .map((item) => this.items.key(item));
  }
}
