import { copyProperty, defineLazy, isUndecoded } from './lazy-value.js';

describe('lazy values', () => {
  it('computes on the first read only, then holds a plain property', () => {
    let calls = 0;
    const target: Record<string, unknown> = {};
    defineLazy(target, 'v', () => ({ n: (calls += 1) }));
    expect(calls).toBe(0);
    expect(Object.keys(target)).toEqual(['v']);
    expect(isUndecoded(target, 'v')).toBe(true);
    expect(target['v']).toEqual({ n: 1 });
    expect(target['v']).toBe(target['v']);
    expect(calls).toBe(1);
    expect(isUndecoded(target, 'v')).toBe(false);
  });

  it('takes an assignment without computing', () => {
    let calls = 0;
    const target: Record<string, unknown> = {};
    defineLazy(target, 'v', () => (calls += 1));
    target['v'] = 'set';
    expect(target['v']).toBe('set');
    expect(calls).toBe(0);
  });

  it('throws the same error on every read of a value that fails', () => {
    const target: Record<string, unknown> = {};
    defineLazy(target, 'v', () => {
      throw new Error('broken');
    });
    expect(() => target['v']).toThrow('broken');
    expect(() => target['v']).toThrow('broken');
  });

  it('copies without reading: the copies share one computation', () => {
    let calls = 0;
    const from: Record<string, unknown> = { plain: 1 };
    defineLazy(from, 'v', () => ({ n: (calls += 1) }));
    const to: Record<string, unknown> = {};
    copyProperty(from, to, 'v');
    copyProperty(from, to, 'plain');
    expect(calls).toBe(0);
    expect(to['plain']).toBe(1);
    expect(to['v']).toBe(from['v']);
    expect(calls).toBe(1);
  });

  it('tells an app-defined getter from a lazy value', () => {
    const target = {
      get own(): number {
        return 1;
      },
    };
    expect(isUndecoded(target, 'own')).toBe(false);
    expect(isUndecoded(target, 'missing')).toBe(false);
  });
});
