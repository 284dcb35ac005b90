import { expressSessionExpiry } from './express-session-expiry.js';

const NOW = Date.UTC(2026, 11, 2, 12);
const HOUR = 3_600_000;
const limits = { idleMs: 2 * HOUR, absoluteMs: 24 * HOUR };

describe('expressSessionExpiry', () => {
  it("takes the cookie's expiry, as a Date or as the ISO string JSON made of it", () => {
    const expires = new Date(NOW + HOUR);
    expect(expressSessionExpiry({ expires }, NOW, NOW, limits)).toBe(NOW + HOUR);
    expect(expressSessionExpiry({ expires: expires.toISOString() }, NOW, NOW, limits)).toBe(
      NOW + HOUR,
    );
  });

  it("takes a plain object's maxAge from now, and the idle timeout without either", () => {
    expect(expressSessionExpiry({ maxAge: 2000 }, NOW - HOUR, NOW, limits)).toBe(NOW + 2000);
    expect(expressSessionExpiry({ expires: null }, NOW, NOW, limits)).toBe(NOW + 2 * HOUR);
    expect(expressSessionExpiry(undefined, NOW, NOW, limits)).toBe(NOW + 2 * HOUR);
  });

  it('never ends later than the creation plus the absolute timeout', () => {
    const createdAt = NOW - 23 * HOUR;
    const far = new Date(NOW + 30 * 24 * HOUR);
    expect(expressSessionExpiry({ expires: far }, createdAt, NOW, limits)).toBe(NOW + HOUR);
    expect(expressSessionExpiry(undefined, createdAt, NOW, limits)).toBe(NOW + HOUR);
  });

  it('names the field when the expiry is not a time', () => {
    expect(() => expressSessionExpiry({ expires: 'soon' }, NOW, NOW, limits)).toThrow(
      'session.cookie.expires must be a Date or a date string (got "soon")',
    );
    expect(() =>
      expressSessionExpiry({ maxAge: '5' as unknown as number }, NOW, NOW, limits),
    ).toThrow('session.cookie.maxAge must be a number of milliseconds (got "5")');
  });
});
