import { legacyCreatedAt } from './legacy-session-contents.js';
import type { LegacySession } from './legacy-session-store.js';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0, 250);
const HOUR = 3_600_000;

/** A legacy session as connect-dynamodb 3 writes it for a cookie reset at `reset`. */
function legacy(reset: number, maxAge: number | null): LegacySession {
  const cookie =
    maxAge === null
      ? { originalMaxAge: null, expires: null }
      : { originalMaxAge: maxAge, expires: new Date(reset + maxAge).toISOString() };
  const window = maxAge ?? 86_400_000;
  const expires = Math.floor(reset / 1000) + (maxAge === null ? window / 1000 : window / 1000);
  return { sid: 's', data: { cookie }, sess: '{}', expires };
}

describe('legacyCreatedAt', () => {
  it("is the cookie's last reset when its maxAge tells it: never before the creation", () => {
    expect(legacyCreatedAt(legacy(NOW - 2 * HOUR, HOUR), NOW)).toBe(NOW - 2 * HOUR);
  });

  it('is within a second after the last write for a cookie without maxAge (connect-dynamodb: one day)', () => {
    const placed = legacyCreatedAt(legacy(NOW - HOUR, null), NOW);
    expect(placed).toBeGreaterThanOrEqual(NOW - HOUR);
    expect(placed).toBeLessThanOrEqual(NOW - HOUR + 1000);
  });

  it('is never after now, and now when nothing places it', () => {
    expect(legacyCreatedAt(legacy(NOW + HOUR, HOUR), NOW)).toBe(NOW);
    const unplaced = { sid: 's', data: {}, sess: '{}', expires: Number.NaN };
    expect(legacyCreatedAt(unplaced, NOW)).toBe(NOW);
  });
});
