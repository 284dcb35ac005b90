import { changesBetween, isUnchanged } from './session-changes.js';

describe('session changes', () => {
  it('sets the keys whose JSON differs or is new, removes the keys that are gone', () => {
    const stored = new Map([
      ['a', '1'],
      ['b', '"x"'],
      ['c', '{"n":1}'],
    ]);
    const current = new Map([
      ['a', '1'],
      ['c', '{"n":2}'],
      ['d', 'true'],
    ]);
    const changes = changesBetween(stored, current);
    expect(changes).toEqual({ set: ['c', 'd'], remove: ['b'] });
    expect(isUnchanged(changes)).toBe(false);
  });

  it('finds nothing to write when every value serializes as stored', () => {
    const same = new Map([['a', '[1,2]']]);
    expect(isUnchanged(changesBetween(same, new Map(same)))).toBe(true);
    expect(isUnchanged(changesBetween(new Map(), new Map()))).toBe(true);
  });
});
