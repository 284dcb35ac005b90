import { checkedSeconds, loginIsRecent } from './recent-login.js';

describe('loginIsRecent', () => {
  const login = 1_796_000_000_000;

  it('holds up to the maximum age, to the millisecond, and not after', () => {
    expect(loginIsRecent(login, login, 300)).toBe(true);
    expect(loginIsRecent(login, login + 300_000, 300)).toBe(true);
    expect(loginIsRecent(login, login + 300_001, 300)).toBe(false);
  });

  it('never holds for a guest', () => {
    expect(loginIsRecent(undefined, login, 300)).toBe(false);
  });

  it('holds for a login a clock behind this one put in the future', () => {
    expect(loginIsRecent(login + 2000, login, 300)).toBe(true);
  });
});

describe('checkedSeconds', () => {
  it('takes a number of seconds above 0, and refuses anything else naming the fix', () => {
    expect(checkedSeconds(300)).toBe(300);
    expect(checkedSeconds(0.5)).toBe(0.5);
    for (const wrong of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, '300', undefined]) {
      expect(() => checkedSeconds(wrong)).toThrow(
        /^@RequireRecentLogin\(.*\): give the seconds a login counts as recent, a number above 0/,
      );
    }
  });
});
