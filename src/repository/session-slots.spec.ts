import {
  firstCountSlots,
  MAX_EVICTIONS_PER_LOGIN,
  planSlots,
  slotsOverflow,
  type SlotClaim,
} from './session-slots.js';

const claim = (over: Partial<SlotClaim> = {}): SlotClaim => ({
  key: 'new',
  createdAt: 100,
  max: 3,
  onLimit: 'evict-oldest',
  ...over,
});
const slots = (entries: [string, number][]) => new Map(entries);

describe('session slots (maxSessionsPerUser)', () => {
  it('adds the new session while there is room, and asks about life only past the limit', () => {
    const two = slots([
      ['a', 1],
      ['b', 2],
    ]);
    expect(slotsOverflow(two, claim())).toBe(false);
    expect(planSlots(two, claim())).toEqual({
      outcome: 'claimed',
      slots: slots([
        ['a', 1],
        ['b', 2],
        ['new', 100],
      ]),
      evicted: [],
    });
    expect(
      slotsOverflow(
        slots([
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ]),
        claim(),
      ),
    ).toBe(true);
  });

  it('evict-oldest ends the oldest live sessions past the limit; ended ones just leave', () => {
    const recorded = slots([
      ['c', 3],
      ['a', 1],
      ['gone', 0],
      ['b', 2],
    ]);
    const live = new Set(['a', 'b', 'c']);
    expect(planSlots(recorded, claim(), live)).toEqual({
      outcome: 'claimed',
      slots: slots([
        ['b', 2],
        ['c', 3],
        ['new', 100],
      ]),
      evicted: ['a'],
    });
    expect(planSlots(recorded, claim({ max: 1 }), live)).toMatchObject({
      evicted: ['a', 'b', 'c'],
    });
  });

  it('refuse refuses past the limit, but not when ended sessions make room', () => {
    const recorded = slots([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(planSlots(recorded, claim({ onLimit: 'refuse' }), new Set(['a', 'b', 'c']))).toEqual({
      outcome: 'refused',
    });
    expect(planSlots(recorded, claim({ onLimit: 'refuse' }), new Set(['a', 'c']))).toMatchObject({
      outcome: 'claimed',
      evicted: [],
    });
  });

  it("a renewed id takes its old one's slot, and a claim again of the same key counts once", () => {
    const recorded = slots([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const renewed = planSlots(recorded, claim({ replacing: 'b', onLimit: 'refuse' }));
    expect(renewed).toMatchObject({ outcome: 'claimed', evicted: [] });
    expect(renewed.outcome === 'claimed' && [...renewed.slots.keys()]).toEqual(['a', 'c', 'new']);
    expect(
      slotsOverflow(
        slots([
          ['new', 1],
          ['a', 2],
          ['b', 3],
        ]),
        claim(),
      ),
    ).toBe(false);
  });

  it('ends at most MAX_EVICTIONS_PER_LOGIN sessions in one login (a lowered limit): the rest stay counted', () => {
    const many = slots(Array.from({ length: 150 }, (_, i): [string, number] => [`k${i}`, i]));
    const plan = planSlots(many, claim({ max: 1 }), new Set(many.keys()));
    expect(plan.outcome === 'claimed' && plan.evicted).toEqual(
      Array.from({ length: MAX_EVICTIONS_PER_LOGIN }, (_, i) => `k${i}`),
    );
    expect(plan.outcome === 'claimed' && plan.slots.size).toBe(150 - MAX_EVICTIONS_PER_LOGIN + 1);
  });

  it('a first count keeps the newest, up to the limit and what one login can end; the older rest is surplus', () => {
    const counted = slots(Array.from({ length: 100 }, (_, i): [string, number] => [`k${i}`, i]));
    const { slots: kept, surplus } = firstCountSlots(counted, 3);
    expect([...kept.keys()]).toEqual(
      Array.from({ length: 3 + MAX_EVICTIONS_PER_LOGIN }, (_, i) => `k${99 - i}`),
    );
    expect(surplus).toEqual(['k6', 'k5', 'k4', 'k3', 'k2', 'k1', 'k0']);
    expect(firstCountSlots(slots([['a', 1]]), 3)).toEqual({
      slots: slots([['a', 1]]),
      surplus: [],
    });
  });
});
