import type { SessionLimitPolicy } from '../options/dynamo-session.options.js';

/**
 * The most sessions one login ends, so that its transaction stays within DynamoDB's 100 items (after
 * a limit was lowered a lot): the rest stay counted and the next logins end them.
 */
export const MAX_EVICTIONS_PER_LOGIN = 90;

/** A user's sessions as the limit counts them: each session's key and its creation time. */
export type SessionSlots = ReadonlyMap<string, number>;

/** A login to make room for under `maxSessionsPerUser`. */
export interface SlotClaim {
  /** The new session's key and creation time. */
  readonly key: string;
  readonly createdAt: number;
  /** The session it replaces (a renewed id of the same user), which stops counting. */
  readonly replacing?: string;
  readonly max: number;
  readonly onLimit: SessionLimitPolicy;
}

/** What a claim does to the slots: the new slots and the sessions to end, or a refusal. */
export type SlotPlan =
  | {
      readonly outcome: 'claimed';
      readonly slots: SessionSlots;
      readonly evicted: readonly string[];
    }
  | { readonly outcome: 'refused' };

/**
 * Whether the slots hold more than the claim leaves room for, counting every recorded session as live:
 * only then must the store be asked which of them still are.
 */
export function slotsOverflow(slots: SessionSlots, claim: SlotClaim): boolean {
  return others(slots, claim).length + 1 > claim.max;
}

/**
 * The slots after `claim`, from the recorded ones that are still live (`live`: the store's answer, when
 * they overflowed; else all of them): the new session in, and, past the limit, the oldest out
 * (`evict-oldest`) or the claim refused (`refuse`).
 */
export function planSlots(
  slots: SessionSlots,
  claim: SlotClaim,
  live?: ReadonlySet<string>,
): SlotPlan {
  const kept = others(slots, claim).filter(([key]) => live === undefined || live.has(key));
  const excess = kept.length + 1 - claim.max;
  if (excess > 0 && claim.onLimit === 'refuse') return { outcome: 'refused' };
  const byAge = oldestFirst(kept);
  const ending = Math.min(Math.max(excess, 0), MAX_EVICTIONS_PER_LOGIN);
  const evicted = byAge.slice(0, ending).map(([key]) => key);
  const next = new Map(byAge.slice(ending));
  next.set(claim.key, claim.createdAt);
  return { outcome: 'claimed', slots: next, evicted };
}

/**
 * A user's first count (no slots recorded yet) as the slots start: the newest, at most the limit and
 * what one login can end (a user may have thousands of sessions, which one item cannot list), and the
 * older rest, which `evict-oldest` ends at once.
 */
export function firstCountSlots(
  counted: SessionSlots,
  max: number,
): { readonly slots: SessionSlots; readonly surplus: readonly string[] } {
  const newestFirst = oldestFirst([...counted]).reverse();
  const room = max + MAX_EVICTIONS_PER_LOGIN;
  return {
    slots: new Map(newestFirst.slice(0, room)),
    surplus: newestFirst.slice(room).map(([key]) => key),
  };
}

/** Sessions oldest first (ties by key, so every instance picks the same). */
function oldestFirst(sessions: [string, number][]): [string, number][] {
  return [...sessions].sort(([a, at], [b, bt]) => at - bt || a.localeCompare(b));
}

/** The recorded sessions but the new one and the one it replaces. */
function others(slots: SessionSlots, claim: SlotClaim): [string, number][] {
  return [...slots].filter(([key]) => key !== claim.key && key !== claim.replacing);
}
