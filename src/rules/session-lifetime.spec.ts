import {
  endOf,
  expiryAfterWrite,
  hasEnded,
  isLive,
  isRevoked,
  lifetimeOf,
  liveBounds,
  ttlSeconds,
} from './session-lifetime.js';

const lifetime = lifetimeOf({ idleTimeout: 60, absoluteTimeout: 3600 });

describe('session lifetime', () => {
  it('ends a session at min(last write + idle, creation + absolute), in milliseconds', () => {
    expect(expiryAfterWrite(1_000, 2_345, lifetime)).toBe(62_345);
    expect(expiryAfterWrite(1_000, 3_590_000, lifetime)).toBe(3_601_000);
    expect(endOf(1_000, 9_999_999, lifetime)).toBe(3_601_000);
    expect(endOf(1_000, 5_001, lifetime)).toBe(5_001);
  });

  it('is gone at the millisecond of its end, not a second later', () => {
    expect(hasEnded(10_500, 10_499)).toBe(false);
    expect(hasEnded(10_500, 10_500)).toBe(true);
    expect(hasEnded(Number.NaN, 0)).toBe(true);
    // The TTL attribute is rounded up to whole seconds, so DynamoDB never deletes a live session.
    expect(ttlSeconds(10_500)).toBe(11);
    expect(ttlSeconds(11_000)).toBe(11);
  });

  it('revokes what was created before notBefore, and nothing without it', () => {
    expect(isRevoked(999, { notBefore: 1_000 })).toBe(true);
    expect(isRevoked(1_000, { notBefore: 1_000 })).toBe(false);
    expect(isRevoked(0, {})).toBe(false);
  });

  it('takes a stored session as live only under its written end, the current timeouts and notBefore', () => {
    const stored = { createdAt: 0, touchedAt: 0, expiresAt: 60_000 };
    expect(isLive(stored, 59_999, lifetime)).toBe(true);
    expect(isLive(stored, 60_000, lifetime)).toBe(false);
    // Timeouts shortened since it was written.
    expect(isLive(stored, 30_001, lifetimeOf({ idleTimeout: 30, absoluteTimeout: 3600 }))).toBe(
      false,
    );
    expect(isLive(stored, 1, { ...lifetime, notBefore: 1 })).toBe(false);
  });

  it('gives a conditional write the same liveness as a read (but the TTL second for the exact end)', () => {
    const revoking = { ...lifetime, notBefore: 5_000 };
    for (const createdAt of [0, 4_999, 5_000, 10_000]) {
      for (const touchedAt of [createdAt, createdAt + 30_000]) {
        for (const now of [touchedAt + 59_999, touchedAt + 60_000, createdAt + 3_600_000]) {
          const stored = { createdAt, touchedAt, expiresAt: Infinity };
          const bounds = liveBounds(revoking, now);
          const condition = touchedAt > bounds.idleCutoff && createdAt > bounds.absoluteCutoff;
          expect(condition).toBe(isLive(stored, now, revoking));
        }
      }
    }
  });
});
