import { checkUserId, identityInData, identityOf } from './session-identity.js';

describe('session identity', () => {
  it('takes a non-empty string of at most 1024 characters, naming the caller otherwise', () => {
    expect(checkUserId('alice')).toBe('alice');
    expect(() => checkUserId('')).toThrow(
      'session.logIn(userId): userId must be a non-empty string of at most 1024 characters (got a string of 0)',
    );
    expect(() => checkUserId('x'.repeat(1025), 'createSessionCookie')).toThrow(
      /^createSessionCookie/,
    );
    expect(() => checkUserId(42)).toThrow(/\(got number\)/);
  });

  it('finds an identity kept as a string or a finite number, and nothing else', () => {
    expect(identityOf('bob')).toBe('bob');
    expect(identityOf(7)).toBe('7');
    expect(identityOf('')).toBeUndefined();
    expect(identityOf(Number.NaN)).toBeUndefined();
    expect(identityOf({ id: 1 })).toBeUndefined();
    expect(identityInData({ userId: 12 })).toBe('12');
    expect(identityInData({ user: 'x' })).toBeUndefined();
  });
});
