import type { SessionRepository, SessionSummary, StoredSession } from '../src/index.js';
import { HomeController } from './home.controller.js';
import type { SampleSession } from './sample-session.js';

/** A repository that answers `listByUser` and `get` from fixed data and records the calls. */
function fakeRepository(listed: SessionSummary[], stored: StoredSession[] = []) {
  const calls: string[] = [];
  const repository = {
    listByUser: async (userId: string) => {
      calls.push(`listByUser ${userId}`);
      return { sessions: listed };
    },
    get: async (key: string) => {
      calls.push(`get ${key}`);
      return stored.find((session) => session.key === key);
    },
  } as Partial<SessionRepository> as SessionRepository;
  return { repository, calls };
}

/** A session as `@Session()` hands it to the handler: data plus the controls the page reads. */
function sessionOf(data: Record<string, unknown>, controls: { isNew: boolean; handle: string }) {
  const csrfToken = (): string => `token-of-${controls.handle}`;
  return { ...data, ...controls, csrfToken } as unknown as SampleSession;
}

const summary = (key: string, touchedAt: number): SessionSummary => ({
  key,
  createdAt: 1_000,
  touchedAt,
  expiresAt: 9_000_000,
  device: { type: 'unknown' },
});

describe('HomeController', () => {
  it('counts no visit in a new session, so a first visit stores nothing', async () => {
    const { repository, calls } = fakeRepository([]);
    const session = sessionOf({}, { isNew: true, handle: 'new' });
    const html = await new HomeController(repository).page(session);
    expect(html).toContain('Visits counted in this session: <strong>0</strong>');
    expect(Object.keys(session)).not.toContain('visits');
    expect(calls).toEqual([]);
  });

  it('counts a visit in a stored session, and lists no sessions for a guest', async () => {
    const { repository, calls } = fakeRepository([]);
    const session = sessionOf({ visits: 2, cart: ['apple'] }, { isNew: false, handle: 'h' });
    const html = await new HomeController(repository).page(session);
    expect(session.visits).toBe(3);
    expect(html).toContain('Visits counted in this session: <strong>3</strong>');
    expect(html).toContain('<li>apple</li>');
    expect(html).not.toContain('Your sessions');
    expect(calls).toEqual([]);
  });

  it("lists the user's sessions with this one first and marked", async () => {
    const { repository, calls } = fakeRepository([
      summary('other-key', 3_000),
      summary('this-key', 2_000),
    ]);
    const session = sessionOf({ userId: 'alice' }, { isNew: false, handle: 'this-key' });
    const html = await new HomeController(repository).page(session);
    expect(calls).toEqual(['listByUser alice']);
    const thisOne = html.indexOf('#this-key');
    expect(thisOne).toBeGreaterThan(-1);
    expect(html.indexOf('#other-ke')).toBeGreaterThan(thisOne);
    expect(html).toMatch(/<li aria-current="true">\s*<code>#this-key<\/code>/);
    expect(html).toContain('<form method="post" action="/auth/logout-all">');
    // Every form carries the session's token.
    const forms = html.match(/<form /g) ?? [];
    const tokens =
      html.match(/<input type="hidden" name="_csrf" value="token-of-this-key">/g) ?? [];
    // The page's three, and an "End this session" form per listed session.
    expect(forms.length).toBe(3 + 2);
    expect(html).toContain('<form method="post" action="/auth/sessions/other-key/end">');
    expect(tokens.length).toBe(forms.length);
  });

  it('reads this session by its key when the user index does not list it yet', async () => {
    const { repository, calls } = fakeRepository(
      [summary('other-key', 3_000)],
      [{ key: 'fresh-key', data: {}, createdAt: 5_000, touchedAt: 5_000, expiresAt: 9_000_000 }],
    );
    const session = sessionOf({ userId: 'bob' }, { isNew: false, handle: 'fresh-key' });
    const html = await new HomeController(repository).page(session);
    expect(calls).toEqual(['listByUser bob', 'get fresh-key']);
    expect(html).toMatch(/<li aria-current="true">\s*<code>#fresh-ke<\/code>/);
    expect(html.indexOf('#fresh-ke')).toBeLessThan(html.indexOf('#other-ke'));
  });
});
