import { passportLogin } from './passport-user-id.js';

describe('passportLogin', () => {
  it('takes a string as it is and a finite number as its decimal string; none for null or undefined', () => {
    expect(passportLogin('u-1')).toEqual({ userId: 'u-1' });
    expect(passportLogin(0)).toEqual({ userId: '0' });
    expect(passportLogin(42)).toEqual({ userId: '42' });
    expect(passportLogin(undefined)).toBeUndefined();
    expect(passportLogin(null)).toBeUndefined();
  });

  it('takes a whole user by its id, kept whole for deserializeUser', () => {
    const user = { id: 'u-ola', name: 'Ola' };
    expect(passportLogin(user)).toEqual({ userId: 'u-ola', user });
    expect(passportLogin({ id: 7, name: 'Seven' })).toEqual({
      userId: '7',
      user: { id: 7, name: 'Seven' },
    });
  });

  it('takes the id where userIdOf says it is', () => {
    const user = { userId: 'u-9', id: 'not-this' };
    expect(passportLogin(user, (given) => (given as { userId: string }).userId)).toEqual({
      userId: 'u-9',
      user,
    });
  });

  it.each([
    ['an object without an id', { name: 'Nobody' }],
    ['an object with an empty id', { id: '' }],
    ['an object whose id is an object', { id: { nested: 1 } }],
  ])('refuses %s, naming userIdOf', (_case, value) => {
    expect(() => passportLogin(value)).toThrow(/serializeUser gave an object with no id/);
    expect(() => passportLogin(value)).toThrow(
      /register\(\{ userIdOf: \(user\) => user\.userId \}\)/,
    );
  });

  it.each([
    ['an array', ['a'], /got an array/],
    ['NaN', Number.NaN, /got number/],
    ['a boolean', true, /got boolean/],
    ['an empty string', '', /got an empty string/],
  ])('refuses %s, naming the fix', (_case, value, got) => {
    expect(() => passportLogin(value)).toThrow(got);
    expect(() => passportLogin(value)).toThrow(
      /Serialize the id \(e\.g\. done\(null, user\.id\)\)/,
    );
  });
});
