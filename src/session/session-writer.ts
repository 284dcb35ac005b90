import type { Logger } from '@nestjs/common';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import type { SessionRepository, SessionTimes } from '../repository/session-repository.js';
import { copyProperty } from '../repository/lazy-value.js';
import { expiryAfterWrite, lifetimeOf, type SessionLifetime } from '../rules/session-lifetime.js';
import type { SessionClock } from '../session-clock.js';
import {
  askedToChange,
  currentValues,
  holdsAnything,
  holdsWhatWasRead,
  withDecodedValues,
  storableData,
  storedWrite,
} from './change-plan.js';
import type { LoadedSession } from './session-context.js';
import type { ClientDetails } from './client-details.js';
import { newItemDetails, storedClientOf, storedItemDetails } from './item-details.js';
import { SessionConflictError } from './session-conflict.error.js';
import { sessionKey } from './session-id.js';
import { SessionNotStoredError } from './session-not-stored.error.js';
import type { SessionState } from './session-state.js';
import { SessionStoreUnavailableError } from '../repository/session-store-unavailable.error.js';
import type { StoreCalls } from './store-calls.js';

/**
 * How the core reports a session it could not store for want of a cookie: `'warn'` logs it, `'throw'`
 * fails the unit of work with a {@link SessionNotStoredError}.
 */
export type NotStoredReport = 'warn' | 'throw';

/** How a unit's commit may reach its client. */
export interface CommitReach {
  /** A cookie can still reach the client (false once a stream's headers are out, or a socket is open). */
  readonly canSetCookie: boolean;
  readonly notStored: NotStoredReport;
}

/** What a commit's save did. */
export interface SaveOutcome {
  /** The times the session's item was written with (its cookie is then issued anew); undefined: not written. */
  readonly written?: SessionTimes;
  /**
   * Its old item was deleted and nothing took its place (a logOut or regenerate left it empty): the
   * cookie goes too, so no client keeps a cookie naming a deleted session.
   */
  readonly ended: boolean;
}

const NOTHING_WRITTEN: SaveOutcome = { ended: false };

/** What the writer needs around it. */
export interface WriterDeps {
  readonly repository: SessionRepository;
  readonly options: ResolvedSessionOptions;
  readonly clock: SessionClock;
  readonly calls: StoreCalls;
  readonly logger: Logger;
  /**
   * Session events are wanted: a session deleted without being read (`@Session('destroy')`) is
   * deleted answering its identity, which its `destroyed` event names.
   */
  readonly reportDeleted?: boolean;
}

/**
 * Carries out what a unit of work must write (the change plan): the changed keys of a stored session
 * or its extension, a new session (or one regenerated in place of the old), a session moved from its
 * origin, the delete of a destroyed one. Answers whether the session's item was written; conflicts
 * (the session ended meanwhile) fail the unit with a {@link SessionConflictError}.
 */
export class SessionWriter {
  private readonly lifetime: SessionLifetime;

  constructor(private readonly deps: WriterDeps) {
    this.lifetime = lifetimeOf(deps.options);
  }

  /** Saves what the unit of `loaded` changed; see {@link SaveOutcome}. */
  async save(loaded: LoadedSession, reach: CommitReach): Promise<SaveOutcome> {
    const { session, state } = loaded;
    if (state.unsaved) {
      // failOpen went on without the store: a change that cannot be saved is a failed request.
      if (!askedToChange(session, state)) return NOTHING_WRITTEN;
      this.deps.logger.error(
        'Could not save the session: the store was unavailable when it was loaded (failOpen)',
      );
      throw new SessionStoreUnavailableError();
    }
    // Never read, so nothing is known to write: only a destroy() (deleting the item) is applied.
    if (state.unread && !state.destroyed) return NOTHING_WRITTEN;
    // A write's touchedAt is its version for the cookie's mark: strictly after the version it changes,
    // even on a server whose clock is behind the one that wrote that version.
    const clockNow = this.deps.clock.now();
    const now = state.isNew ? clockNow : Math.max(clockNow, state.touchedAt + 1);
    const read = currentValues(session, state);
    // A stored session whose data is as it was read writes no value (at most an extension): the
    // values no handler read stay undecoded. Any other write stores values: all of them decoded.
    const current =
      state.storedKey !== undefined && holdsWhatWasRead(state, read)
        ? read
        : withDecodedValues(session, state, read, (error) => this.deps.logger.error(error.message));
    const times: SessionTimes = {
      createdAt: state.createdAt,
      touchedAt: now,
      expiresAt: expiryAfterWrite(state.createdAt, now, this.lifetime),
    };
    // The session left its stored item (logOut, regenerate) for a new one that may not be stored.
    const leavesItem = state.storedKey === undefined && state.retiredKey !== undefined;
    const written =
      state.storedKey !== undefined
        ? await this.saveStored(state, state.storedKey, current, times)
        : loaded.origin !== undefined
          ? await this.saveMoved(loaded, loaded.origin, current, times, reach)
          : await this.saveNew(state, current, times, loaded.client, reach);
    if (!written) return { ended: leavesItem && state.retiredKey === undefined };
    state.identityFromData = false;
    state.snapshot = current;
    state.touchedAt = now;
    state.expiresAt = times.expiresAt;
    return { written: times, ended: false };
  }

  /**
   * Applies only a `destroy()` of the unit of `loaded` (its handler threw): deletes the item it left
   * and ends its origin.
   */
  async destroyOnly(loaded: LoadedSession): Promise<void> {
    const { state } = loaded;
    await this.deleteRetired(state);
    if (loaded.origin !== undefined) await this.endOrigin(loaded, loaded.origin.source);
  }

  /** Writes the changed keys of a stored session, or extends it when the touch rule says so. */
  private async saveStored(
    state: SessionState,
    key: string,
    current: Map<string, string>,
    times: SessionTimes,
  ): Promise<boolean> {
    const write = storedWrite(state, current, times, this.deps.options.touchAfter * 1000);
    if (write === undefined) return false;
    // The whole data (for the size limit) holds the changed values, each parsed and checked once, and
    // the unchanged ones as they were read.
    const stored = state.storedData;
    const read = stored === undefined ? undefined : { data: stored, written: write.set };
    const { maxDecodedSize } = this.deps.options;
    const data = write.changed ? storableData(current, maxDecodedSize, read) : {};
    const set = Object.fromEntries(write.set.map((name) => [name, data[name]]));
    const changes = {
      set,
      remove: write.remove,
      data,
      ...(state.identityFromData ? { userId: state.userId } : {}),
      ...(state.valueSizes === undefined ? {} : { valueSizes: state.valueSizes }),
      ...(state.resealDue ? { reseal: true } : {}),
      json: current,
    };
    const details = storedItemDetails(state);
    const { repository, calls } = this.deps;
    const live = await calls.run('save', () => repository.update(key, changes, times, details));
    if (live) {
      state.valueSizes = withoutKeys(state.valueSizes, [...write.set, ...write.remove]);
      state.resealDue = false;
      if (write.changed) state.storedData = data;
      return true;
    }
    if (write.changed) {
      throw new SessionConflictError(
        'The session ended (logged out, regenerated or expired) while this request was running; its changes were not saved.',
      );
    }
    return false;
  }

  /** Stores a new session when it holds data (or `saveUninitialized`), deleting the item it replaces. */
  private async saveNew(
    state: SessionState,
    current: Map<string, string>,
    times: SessionTimes,
    client: ClientDetails | undefined,
    reach: CommitReach,
  ): Promise<boolean> {
    const retired = state.retiredKey;
    const store = holdsAnything(state, current, this.deps.options.saveUninitialized);
    // No client could ever send this session's id back: store nothing, and keep the session it
    // would have replaced (regenerate), so nothing is lost.
    if (store && !reach.canSetCookie) return this.notStored(reach.notStored);
    if (!store) {
      await this.deleteRetired(state);
      return false;
    }
    const key = sessionKey(state.id);
    const data = storableData(current, this.deps.options.maxDecodedSize);
    const details = newItemDetails(state, client);
    const { repository, calls } = this.deps;
    if (retired === undefined) {
      await calls.run('save', () => repository.create(key, data, times, details));
    } else {
      const previousTouchedAt = state.retiredTouchedAt;
      const replaced = await calls.run('save', () =>
        repository.replace(retired, key, data, times, { ...details, previousTouchedAt }),
      );
      if (!replaced) {
        throw new SessionConflictError(
          'The session ended or changed while this request was running (logged out, or written by another request); it was not regenerated. Try again.',
        );
      }
    }
    state.retiredKey = undefined;
    state.storedKey = key;
    state.storedClient = storedClientOf(details);
    return true;
  }

  /**
   * Stores a session loaded through a fallback in its origin's place, in one step with ending the
   * origin, so two parallel units with one origin make one session (the other answers as it read it,
   * or 409 if it changed something). A session that holds nothing to store ends the origin alone.
   * Without a cookie to set, the origin stays.
   */
  private async saveMoved(
    loaded: LoadedSession,
    origin: NonNullable<LoadedSession['origin']>,
    current: Map<string, string>,
    times: SessionTimes,
    reach: CommitReach,
  ): Promise<boolean> {
    const { state } = loaded;
    const untouched = state.id === origin.id && holdsWhatWasRead(state, current);
    if (!holdsAnything(state, current, this.deps.options.saveUninitialized)) {
      await this.endOrigin(loaded, origin.source);
      return false;
    }
    if (!reach.canSetCookie) return untouched ? false : this.notStored(reach.notStored);
    const key = sessionKey(state.id);
    const moved = {
      key,
      data: storableData(current, this.deps.options.maxDecodedSize),
      times,
      details: newItemDetails(state, loaded.client),
    };
    const outcome = await this.deps.calls.run('save', () => origin.source.replaceWith(moved));
    loaded.originEnded = outcome !== 'changed';
    if (outcome === 'moved') {
      this.deps.logger.log(origin.source.movedNote);
      state.storedKey = key;
      state.storedClient = storedClientOf(moved.details);
      return true;
    }
    if (untouched) return false;
    throw new SessionConflictError(origin.source.conflictMessage(outcome));
  }

  /** Deletes the item the session left (logOut, regenerate, destroy), if any. */
  private async deleteRetired(state: SessionState): Promise<void> {
    const retired = state.retiredKey;
    if (retired !== undefined) {
      const { repository, calls, reportDeleted } = this.deps;
      const returning = reportDeleted === true && state.unread;
      const deleted = await calls.run('delete', () => repository.delete(retired, { returning }));
      if (deleted?.userId !== undefined) state.nameUser(retired, deleted.userId);
    }
    state.retiredKey = undefined;
  }

  /** Ends the origin of the unit (unless it was written since it was read). */
  private async endOrigin(
    loaded: LoadedSession,
    origin: NonNullable<LoadedSession['origin']>['source'],
  ): Promise<void> {
    const outcome = await this.deps.calls.run('delete', () => origin.end());
    loaded.originEnded = outcome !== 'changed';
  }

  /** Reports a session that was not stored because no cookie can reach the client. */
  private notStored(report: NotStoredReport): false {
    if (report === 'throw') throw new SessionNotStoredError();
    this.deps.logger.warn(
      'The session was not stored: the response headers were sent before it was saved (a server-sent events stream, or @Res() without passthrough), so its cookie could not be set. Start or regenerate the session in a regular request.',
    );
    return false;
  }
}

/** `sizes` without the values of `names` (written since they were read, so of another size). */
function withoutKeys(
  sizes: Readonly<Record<string, number>> | undefined,
  names: readonly string[],
): Readonly<Record<string, number>> | undefined {
  if (sizes === undefined || names.length === 0) return sizes;
  const left: Record<string, number> = {};
  // A size known only once its value is decoded stays so (see SessionValueCodec.decodeSized).
  for (const name of Object.keys(sizes)) if (!names.includes(name)) copyProperty(sizes, left, name);
  return left;
}
