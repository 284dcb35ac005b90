import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionLimitError } from '../repository/session-limit.error.js';
import {
  planSlots,
  slotsOverflow,
  type SessionSlots,
  type SlotClaim,
} from '../repository/session-slots.js';

/**
 * `maxSessionsPerUser` in memory, on the rules DynamoDB's repository applies (session-slots.ts): each
 * user's sessions as the limit counts them, the recorded ones checked for life only when they would
 * overflow. In one process a claim is never raced.
 */
export class InMemorySessionLimit {
  private readonly slots = new Map<string, SessionSlots>();

  constructor(private readonly options: ResolvedSessionOptions) {}

  /**
   * Makes room for `claim` of `userId` and resolves the sessions to end, or throws a
   * {@link SessionLimitError}; `isLive` says whether a recorded session is still live. Nothing is
   * recorded until {@link commit}.
   */
  plan(
    userId: string,
    claim: Omit<SlotClaim, 'max' | 'onLimit'>,
    isLive: (key: string) => boolean,
  ): { readonly slots: SessionSlots; readonly evicted: readonly string[] } {
    const { maxSessionsPerUser: max, onLimit } = this.options;
    if (max === undefined) throw new Error('InMemorySessionLimit.plan without maxSessionsPerUser');
    const full: SlotClaim = { ...claim, max, onLimit };
    const slots = this.slots.get(userId) ?? new Map<string, number>();
    const live = slotsOverflow(slots, full) ? new Set([...slots.keys()].filter(isLive)) : undefined;
    const plan = planSlots(slots, full, live);
    if (plan.outcome === 'refused') throw new SessionLimitError(max);
    return plan;
  }

  /** Records `userId`'s slots once the login they make room for is stored; the sessions to end. */
  commit(
    userId: string,
    plan: { readonly slots: SessionSlots; readonly evicted: readonly string[] },
  ): readonly string[] {
    this.slots.set(userId, plan.slots);
    return plan.evicted;
  }
}
