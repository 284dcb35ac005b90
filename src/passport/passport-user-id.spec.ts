import { passportUserId } from './passport-user-id.js';

describe('passportUserId', () => {
  it('takes a string as it is and a finite number as its decimal string; none for null or undefined', () => {
    expect(passportUserId('u-1')).toBe('u-1');
    expect(passportUserId(0)).toBe('0');
    expect(passportUserId(42)).toBe('42');
    expect(passportUserId(undefined)).toBeUndefined();
    expect(passportUserId(null)).toBeUndefined();
  });

  it.each([
    ['an object', { id: 1 }, /got object/],
    ['an array', ['a'], /got an array/],
    ['NaN', Number.NaN, /got number/],
    ['a boolean', true, /got boolean/],
    ['an empty string', '', /got an empty string/],
  ])('refuses %s, naming the fix', (_case, value, got) => {
    expect(() => passportUserId(value)).toThrow(got);
    expect(() => passportUserId(value)).toThrow(
      /Serialize the id \(e\.g\. done\(null, user\.id\)\)/,
    );
  });
});
