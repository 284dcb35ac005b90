import { BoundedMemo } from './bounded-memo.js';

describe('BoundedMemo', () => {
  it('answers what it keeps, and nothing for what it does not', () => {
    const memo = new BoundedMemo<number>(4);
    expect(memo.get('a')).toBeUndefined();
    memo.keep('a', 1);
    expect(memo.get('a')).toBe(1);
    memo.keep('a', 2); // Replaced, not added.
    expect(memo.get('a')).toBe(2);
    expect(memo.size).toBe(1);
  });

  it('keeps at most its capacity, and at least the most recent half of it', () => {
    const memo = new BoundedMemo<string>(4);
    for (const key of ['a', 'b', 'c', 'd']) memo.keep(key, key.toUpperCase());
    expect(memo.size).toBe(4);
    expect(['c', 'd'].map((key) => memo.get(key))).toEqual(['C', 'D']);
    memo.keep('e', 'E');
    memo.keep('f', 'F');
    expect(memo.size).toBeLessThanOrEqual(4);
    expect(memo.get('a')).toBeUndefined();
    expect(['e', 'f'].map((key) => memo.get(key))).toEqual(['E', 'F']);
    for (let i = 0; i < 1000; i += 1) memo.keep(`k${i}`, 'v');
    expect(memo.size).toBeLessThanOrEqual(4);
    expect(memo.get('k999')).toBe('v');
  });

  it('keeps on a value that is asked for again, however many come after it', () => {
    const memo = new BoundedMemo<string>(4);
    memo.keep('wanted', 'W');
    for (let i = 0; i < 100; i += 1) {
      memo.keep(`other${i}`, 'O');
      expect(memo.get('wanted')).toBe('W');
    }
  });

  it('refuses a capacity under two', () => {
    for (const capacity of [0, 1, -1, 1.5, Number.NaN])
      expect(() => new BoundedMemo(capacity)).toThrow(RangeError);
  });
});
