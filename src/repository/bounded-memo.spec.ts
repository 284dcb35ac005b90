import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('works a value out once while it is kept', () => {
    const memo = new BoundedMemo<number>(2);
    let computed = 0;
    const compute = (): number => (computed += 1);
    expect(memo.of('a', compute)).toBe(1);
    expect(memo.of('a', compute)).toBe(1);
    expect(computed).toBe(1);
  });

  it('keeps at most its capacity, dropping the oldest entry first', () => {
    const memo = new BoundedMemo<string>(2);
    memo.keep('a', 'A');
    memo.keep('b', 'B');
    memo.keep('a', 'A again'); // Replaced, not added: nothing dropped.
    expect(memo.size).toBe(2);
    memo.keep('c', 'C');
    expect(memo.size).toBe(2);
    expect(memo.get('a')).toBeUndefined();
    expect(memo.get('b')).toBe('B');
    expect(memo.get('c')).toBe('C');
    // A dropped value is worked out again.
    expect(memo.of('a', () => 'recomputed')).toBe('recomputed');
  });

  it('refuses a capacity that holds nothing', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN])
      expect(() => new BoundedMemo(capacity)).toThrow(RangeError);
  });
});
