import type { Logger } from '@nestjs/common';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionIntegrityError } from '../repository/session-integrity.error.js';
import type { SessionRepository, StoredSession } from '../repository/session-repository.js';
import { storedIdentity } from '../rules/session-identity.js';
import { isLive, isRevoked, lifetimeOf, type SessionLifetime } from '../rules/session-lifetime.js';
import type { SessionClock } from '../session-clock.js';
import type { LoadedSession } from './session-context.js';
import { SessionConflictError } from './session-conflict.error.js';
import type { StoreCalls } from './store-calls.js';

/** What the re-check needs around it. */
export interface RecheckDeps {
  readonly repository: SessionRepository;
  readonly options: ResolvedSessionOptions;
  readonly clock: SessionClock;
  readonly calls: StoreCalls;
  readonly logger: Logger;
}

/**
 * A second look at a session a unit of work loaded, by one strongly consistent read: a guard's
 * confirmation of a session read eventually, and a long-lived unit's (a subscription's) check that
 * its session still stands.
 */
export class SessionRecheck {
  private readonly lifetime: SessionLifetime;

  constructor(private readonly deps: RecheckDeps) {
    this.lifetime = lifetimeOf(deps.options);
  }

  /**
   * A unit loaded from an eventually consistent read, now asked for by a guard: one strongly consistent
   * read says whether its session still exists as read. A session that ended meanwhile (or that a stale
   * replica still had) fails the unit with a {@link SessionConflictError}.
   */
  async confirm(loaded: LoadedSession): Promise<void> {
    const key = loaded.state.storedKey;
    if (key !== undefined && !loaded.state.unsaved) {
      const stored = await this.getConsistently(key);
      // Gone, revoked, or written since the eventual read: the guard would decide on data it did not see.
      if (
        stored === undefined ||
        isRevoked(stored.createdAt, this.lifetime) ||
        stored.touchedAt !== loaded.state.touchedAt
      ) {
        throw new SessionConflictError(
          'The session ended or changed (logged out, regenerated, expired or written by another request) before this request could be checked. Try again.',
        );
      }
    }
    loaded.consistent = true;
  }

  /**
   * Whether the stored session of a long-lived unit (a subscription's connection) is still there, live
   * and the same identity's, by one strongly consistent read: false once it was logged out, destroyed,
   * regenerated, ended by "log out everywhere", revoked by `notBefore` or expired. A unit that read no
   * stored session has none to lose: true, without a read.
   */
  async stillLive(loaded: LoadedSession): Promise<boolean> {
    const { storedKey, unsaved, userId } = loaded.state;
    if (storedKey === undefined || unsaved) return true;
    const stored = await this.getConsistently(storedKey);
    return (
      stored !== undefined &&
      isLive(stored, this.deps.clock.now(), this.lifetime) &&
      storedIdentity(stored) === userId
    );
  }

  /**
   * The session under `key` by one strongly consistent read; undefined when it is absent, or when it
   * fails its integrity check (changed outside the library since it was read): logged, and no session.
   */
  private async getConsistently(key: string): Promise<StoredSession | undefined> {
    const { repository, calls, logger } = this.deps;
    try {
      return await calls.run('load', () => repository.get(key, { consistent: true }));
    } catch (error) {
      if (!(error instanceof SessionIntegrityError)) throw error;
      logger.error(error.message);
      return undefined;
    }
  }
}
