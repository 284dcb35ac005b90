import { parseSetCookie } from 'cookie';
import { CommitCookies } from './commit-cookies.js';
import { coreFixture } from './session-core.fixture.js';
import { SessionReader } from './session-reader.js';

/** CommitCookies on a fixture, and a session the reader started fresh (no cookie sent). */
function setup() {
  const fixture = coreFixture({ consistentRead: 'auto' });
  const reader = new SessionReader({ ...fixture, fallback: undefined });
  const { cookie, csrfCookie, clock } = fixture;
  const cookies = new CommitCookies({
    cookie,
    csrfCookie,
    fallback: undefined,
    consistentRead: 'auto',
    clock,
  });
  const fresh = () => reader.fresh({ cookieHeader: undefined, https: true, userAgent: undefined });
  return { fixture, cookies, fresh };
}

describe('CommitCookies', () => {
  it('issues the cookie of a written session, with its lifetime and write mark', () => {
    const { fixture, cookies, fresh } = setup();
    const loaded = fresh();
    const now = fixture.clock.now();
    const written = { createdAt: now, touchedAt: now, expiresAt: now + 600_000 };
    const [value, ...rest] = cookies.of(loaded, { written, ended: false });
    expect(rest).toEqual([]);
    const issued = parseSetCookie(value as string);
    expect(issued.maxAge).toBe(600);
    expect(issued.secure).toBe(true);
    expect(fixture.cookie.read(`${issued.name}=${encodeURIComponent(issued.value ?? '')}`)).toEqual(
      {
        present: true,
        id: loaded.state.id,
        mark: now,
      },
    );
  });

  it('clears the cookie of a session that ended, and sends nothing for one left as it was', () => {
    const { cookies, fresh } = setup();
    const ended = cookies.of(fresh(), { ended: true });
    expect(ended).toHaveLength(1);
    expect(parseSetCookie(ended[0] as string).maxAge).toBe(0);
    expect(cookies.of(fresh(), { ended: false })).toEqual([]);
  });

  it('sends no cookie for a failed unit, even one that destroyed its session', () => {
    const { cookies, fresh } = setup();
    const loaded = fresh();
    loaded.state.destroyed = true;
    expect(cookies.of(loaded, undefined)).toEqual([]);
    expect(cookies.of(loaded, { ended: false })).toHaveLength(1);
  });
});
