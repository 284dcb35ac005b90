import { parseSetCookie } from 'cookie';
import { CommitAnswer } from './commit-answer.js';
import { coreFixture } from './session-core.fixture.js';
import type { SessionInput } from './session-input.js';
import { SessionReader } from './session-reader.js';

/** CommitAnswer on a fixture, and sessions the reader started fresh (no cookie, or an empty token sent). */
function setup() {
  const fixture = coreFixture({ consistentRead: 'auto' });
  const reader = new SessionReader({ ...fixture, fallback: undefined });
  const { cookie, tokens, csrfCookie, clock } = fixture;
  const answers = new CommitAnswer({
    cookie,
    tokens,
    csrfCookie,
    fallback: undefined,
    consistentRead: 'auto',
    clock,
  });
  const input: SessionInput = { cookieHeader: undefined, https: true, userAgent: undefined };
  const fresh = () => reader.fresh(input);
  const freshHeaderClient = async () => {
    const headers: Record<string, string> = { 'x-session-token': '' };
    const loaded = await reader.read({ ...input, header: (name) => headers[name] }, false);
    return loaded;
  };
  return { fixture, answers, fresh, freshHeaderClient };
}

describe('CommitAnswer', () => {
  it('issues the cookie of a written session, with its lifetime and write mark', () => {
    const { fixture, answers, fresh } = setup();
    const loaded = fresh();
    const now = fixture.clock.now();
    const written = { createdAt: now, touchedAt: now, expiresAt: now + 600_000 };
    const answer = answers.of(loaded, { written, ended: false });
    expect(answer.headers).toEqual({});
    const [value, ...rest] = answer.cookies;
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
    const { answers, fresh } = setup();
    const ended = answers.of(fresh(), { ended: true }).cookies;
    expect(ended).toHaveLength(1);
    expect(parseSetCookie(ended[0] as string).maxAge).toBe(0);
    expect(answers.of(fresh(), { ended: false })).toEqual({ cookies: [], headers: {} });
  });

  it('sends no cookie for a failed unit, even one that destroyed its session', () => {
    const { answers, fresh } = setup();
    const loaded = fresh();
    loaded.state.destroyed = true;
    expect(answers.of(loaded, undefined).cookies).toEqual([]);
    expect(answers.of(loaded, { ended: false }).cookies).toHaveLength(1);
  });

  it("answers a header client's written session with its token in the header, never a cookie", async () => {
    const { fixture, answers, freshHeaderClient } = setup();
    const loaded = await freshHeaderClient();
    loaded.session.csrfToken(); // would set the pre-session CSRF cookie for a cookie client
    const now = fixture.clock.now();
    const written = { createdAt: now, touchedAt: now, expiresAt: now + 600_000 };
    const answer = answers.of(loaded, { written, ended: false });
    expect(answer.cookies).toEqual([]);
    const token = answer.headers['X-Session-Token'] as string;
    expect(fixture.cookie.readToken(token)).toEqual({
      present: true,
      id: loaded.state.id,
      mark: now,
    });
  });

  it("clears a header client's token once its session ended, and sends nothing otherwise", async () => {
    const { answers, freshHeaderClient } = setup();
    const vary = 'X-Session-Token';
    expect(answers.of(await freshHeaderClient(), { ended: true })).toEqual({
      cookies: [],
      headers: { 'X-Session-Token': '' },
      vary,
    });
    expect(answers.of(await freshHeaderClient(), { ended: false })).toEqual({
      cookies: [],
      headers: {},
      vary,
    });
    const destroyed = await freshHeaderClient();
    destroyed.state.destroyed = true;
    expect(answers.of(destroyed, undefined)).toEqual({ cookies: [], headers: {}, vary });
  });
});
