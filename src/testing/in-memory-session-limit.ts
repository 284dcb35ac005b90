import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionLimitError } from '../repository/session-limit.error.js';
import {
  firstCountSlots,
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
   * {@link SessionLimitError}. `counted` gives a stored session's creation time if it is a live session
   * of the user (else undefined); `stored` the keys of every stored item, for a user's first count.
   * Nothing is recorded until {@link commit}.
   */
  plan(
    userId: string,
    claim: Omit<SlotClaim, 'max' | 'onLimit'>,
    counted: (key: string) => number | undefined,
    stored: Iterable<string>,
  ): { readonly slots: SessionSlots; readonly evicted: readonly string[] } {
    const { maxSessionsPerUser: max, onLimit } = this.options;
    if (max === undefined) throw new Error('InMemorySessionLimit.plan without maxSessionsPerUser');
    const full: SlotClaim = { ...claim, max, onLimit };
    const isCounted = (key: string) => counted(key) !== undefined;
    // A user's first count: the sessions stored before, as DynamoDB's repository finds them.
    const recorded = this.slots.get(userId);
    const first =
      recorded === undefined
        ? firstCountSlots(
            new Map([...stored].filter(isCounted).map((key) => [key, counted(key) as number])),
            max,
          )
        : undefined;
    const slots = first?.slots ?? recorded ?? new Map<string, number>();
    const live =
      first !== undefined
        ? new Set(slots.keys())
        : slotsOverflow(slots, full)
          ? new Set([...slots.keys()].filter(isCounted))
          : undefined;
    const plan = planSlots(slots, full, live);
    if (plan.outcome === 'refused') throw new SessionLimitError(max);
    // What a first count found beyond what one login can end goes at once, as on DynamoDB.
    const surplus = onLimit === 'evict-oldest' ? (first?.surplus ?? []) : [];
    return { slots: plan.slots, evicted: [...plan.evicted, ...surplus] };
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
