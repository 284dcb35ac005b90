import { touchInterval, touchIsDue } from './session-touch.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('session touch', () => {
  it('waits touchAfter between extensions when the window is long', () => {
    expect(touchInterval(HOUR, 14 * 24 * HOUR)).toBe(HOUR);
    const timing = { lastWrite: 0, touchAfterMs: HOUR, storedUntil: 14 * 24 * HOUR };
    expect(touchIsDue({ ...timing, now: HOUR - 1, extendedUntil: 15 * 24 * HOUR })).toBe(false);
    expect(touchIsDue({ ...timing, now: HOUR, extendedUntil: 15 * 24 * HOUR })).toBe(true);
  });

  it('extends a session whose window is shorter than touchAfter before it lapses', () => {
    // express-session with maxAge 15 minutes and the default touchAfter of an hour.
    expect(touchInterval(HOUR, 15 * MINUTE)).toBe(1.5 * MINUTE);
    const timing = { lastWrite: 0, touchAfterMs: HOUR, storedUntil: 15 * MINUTE };
    const at = (now: number) => touchIsDue({ ...timing, now, extendedUntil: now + 15 * MINUTE });
    expect(at(1.4 * MINUTE)).toBe(false);
    expect(at(1.5 * MINUTE)).toBe(true);
    expect(at(14 * MINUTE)).toBe(true);
  });

  it('never writes an extension that does not move the end later (the absolute cap)', () => {
    const timing = { lastWrite: 0, now: HOUR, touchAfterMs: 0, storedUntil: 2 * HOUR };
    expect(touchIsDue({ ...timing, extendedUntil: 2 * HOUR })).toBe(false);
    expect(touchIsDue({ ...timing, extendedUntil: 2 * HOUR }, true)).toBe(false);
  });

  it('extends at once when session.touch() asks, if that moves the end', () => {
    const timing = { lastWrite: 0, now: 1, touchAfterMs: HOUR, storedUntil: HOUR };
    expect(touchIsDue({ ...timing, extendedUntil: HOUR + 1 })).toBe(false);
    expect(touchIsDue({ ...timing, extendedUntil: HOUR + 1 }, true)).toBe(true);
  });
});
