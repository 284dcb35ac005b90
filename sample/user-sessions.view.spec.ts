import { renderUserSessions } from './user-sessions.view.js';

describe('renderUserSessions', () => {
  const entry = {
    createdAt: Date.UTC(2026, 0, 31, 9, 5, 2),
    lastSeenAt: Date.UTC(2026, 1, 1),
    device: { type: 'unknown' as const },
  };

  it('shows each session by a short handle, with its times in UTC, this one marked', () => {
    const html = renderUserSessions(
      [
        { ...entry, handle: 'AAAAAAAAzzzz', current: true },
        { ...entry, handle: 'BBBBBBBByyyy', current: false },
      ],
      'the-token',
    );
    expect(html).toContain('<code>#AAAAAAAA</code><span class="badge">this browser</span>');
    expect(html).toContain('<code>#BBBBBBBB</code><br>');
    // Shown short; whole only where a form names the session to end.
    expect(html).not.toContain('#AAAAAAAAzzzz');
    expect(html.match(/zzzz/g)).toEqual(['zzzz']);
    expect(html).toContain('<form method="post" action="/auth/sessions/AAAAAAAAzzzz/end">');
    expect(html).toContain('<form method="post" action="/auth/sessions/BBBBBBBByyyy/end">');
    expect(html.match(/End this session<\/button>/g)).toHaveLength(2);
    expect(html).toContain('Started 2026-01-31 09:05:02 UTC, last active 2026-02-01 00:00:00 UTC');
    expect(html).toContain('1 other session.');
    expect(html).toContain('Log out everywhere else</button>');
    expect(html).toContain('<input type="hidden" name="_csrf" value="the-token">');
  });

  it('offers no "Log out everywhere else" without another session', () => {
    const html = renderUserSessions([{ ...entry, handle: 'AAAAAAAA', current: true }], 't');
    expect(html).toContain('No other sessions.');
    expect(html).not.toContain('/auth/logout-all');
  });

  it("shows each session's device and IP, as far as they are known", () => {
    const html = renderUserSessions(
      [
        {
          ...entry,
          handle: 'AAAAAAAA',
          current: true,
          device: { browser: 'Mobile Safari', os: 'iOS', type: 'mobile' },
          ip: '203.0.113.7',
        },
        { ...entry, handle: 'BBBBBBBB', current: false },
      ],
      't',
    );
    expect(html).toContain(
      '<span class="note">Mobile Safari on iOS (mobile), from 203.0.113.7</span>',
    );
    expect(html).toContain('<span class="note">Unknown device</span>');
  });

  it('escapes the handle, the device and the IP', () => {
    const script = '<script>alert("ua")</script>';
    const device = { browser: script, type: 'desktop' as const };
    const html = renderUserSessions(
      [{ ...entry, handle: '<b>&"x', current: false, device, ip: '<i>' }],
      '"><b>',
    );
    expect(html).toContain('&lt;i&gt;');
    expect(html).toContain('#&lt;b&gt;&amp;&quot;x');
    expect(html).toContain('&lt;script&gt;alert(&quot;ua&quot;)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;b&gt;"');
    expect(html).not.toMatch(/<(b|script)>/);
  });
});
