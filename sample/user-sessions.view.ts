import type { SessionDevice } from '../src/index.js';
import { csrfField } from './csrf-field.view.js';
import { escapeHtml } from './escape-html.js';
import { formatTime } from './format-time.js';

/** One of the logged-in user's live sessions, as the page lists it. */
export interface UserSessionEntry {
  /** The session's opaque handle (the SHA-256 of its id: not a credential). */
  readonly handle: string;
  /** Whether this is the session of the browser that asked for the page. */
  readonly current: boolean;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Time of the session's last write, epoch milliseconds. */
  readonly lastSeenAt: number;
  /** Its client, as its User-Agent names it (`deviceDetails`). */
  readonly device: SessionDevice;
  /** The IP it was created from (the login), when recorded (`deviceDetails`). */
  readonly ip?: string;
}

/** "Firefox on Android (mobile)", as far as the device is known. */
function describeDevice({ browser, os, type }: SessionDevice): string {
  const name = [browser, os].filter((part) => part !== undefined).join(' on ');
  if (name === '') return type === 'unknown' ? 'Unknown device' : type;
  return type === 'unknown' ? name : `${name} (${type})`;
}

/** How many characters of a handle the page shows: enough to tell sessions apart. */
const SHORT_HANDLE_LENGTH = 8;

function renderEntry(entry: UserSessionEntry, csrfToken: string): string {
  const badge = entry.current ? '<span class="badge">this browser</span>' : '';
  // The handle is base64url, but encoded and escaped all the same: it comes from the store.
  const action = `/auth/sessions/${encodeURIComponent(entry.handle)}/end`;
  const end = `<form method="post" action="${escapeHtml(action)}">
        ${csrfField(csrfToken)}
        <button type="submit" class="danger">End this session</button>
      </form>`;
  const ip = entry.ip === undefined ? '' : `, from ${escapeHtml(entry.ip)}`;
  const device = `<br><span class="note">${escapeHtml(describeDevice(entry.device))}${ip}</span>`;
  return `<li${entry.current ? ' aria-current="true"' : ''}>
      <code>#${escapeHtml(entry.handle.slice(0, SHORT_HANDLE_LENGTH))}</code>${badge}<br>
      <span class="note">Started ${escapeHtml(formatTime(entry.createdAt))}, last active ${escapeHtml(formatTime(entry.lastSeenAt))}</span>${device}
      ${end}
    </li>`;
}

/**
 * The "Your sessions" section: the logged-in user's live sessions, this browser's marked, each with an
 * "End this session" form (`POST /auth/sessions/:handle/end`), and the "Log out everywhere else" form (`POST /auth/logout-all`) when there is another one. Every
 * interpolated value is HTML-escaped.
 */
export function renderUserSessions(
  sessions: readonly UserSessionEntry[],
  csrfToken: string,
): string {
  const others = sessions.filter((entry) => !entry.current).length;
  const action =
    others === 0
      ? '<p class="note">No other sessions. Log in as the same user in another browser to see it here.</p>'
      : `<p class="note">${escapeHtml(String(others))} other ${others === 1 ? 'session' : 'sessions'}.</p>
  <form method="post" action="/auth/logout-all">
    ${csrfField(csrfToken)}
    <button type="submit" class="danger">Log out everywhere else</button>
  </form>`;
  return `<section aria-labelledby="sessions-heading">
  <h2 id="sessions-heading">Your sessions</h2>
  <ul class="sessions">
    ${sessions.map((entry) => renderEntry(entry, csrfToken)).join('\n    ')}
  </ul>
  ${action}
</section>`;
}
