import type { LoadedSession } from './session-context.js';
import type { CsrfCookie } from './csrf-cookie.js';

/**
 * The pre-session CSRF rules: a session that is not stored keeps its CSRF secret in the pre-session
 * cookie ({@link CsrfCookie}) instead of the store, so `csrfToken()` costs a stranger no write; once the
 * session is stored, its secret is stored with it and the cookie goes.
 */

/**
 * `loaded`, noting the pre-session cookie its request carried; a session that is not stored (nor made
 * up for want of the store) and has no CSRF secret of its own takes the cookie's, when it verifies.
 * A stored session never does: its tokens are those of its stored secret only.
 */
export function withCsrfCookie(
  loaded: LoadedSession,
  cookie: CsrfCookie,
  header: string | undefined,
): LoadedSession {
  const carried = cookie.read(header);
  if (!carried.present) return loaded;
  const { state } = loaded;
  if (state.storedKey === undefined && !state.unsaved && state.csrfSecret === undefined)
    state.csrfSecret = carried.secret;
  return { ...loaded, csrfCookie: carried };
}

/**
 * The Set-Cookie values of the pre-session cookie when the unit of `loaded` commits: a session left
 * unstored that holds a CSRF secret (a token was handed out, or its request carried one) keeps it in
 * the cookie, issued unless the request carried it as it is; otherwise a cookie the request carried is
 * cleared: the session is stored (holding the secret, carried over, or a fresh one after a login), or
 * its secret was dropped (logOut, destroy). Nothing for a session made up for want of the store.
 */
export function csrfCookieValues(loaded: LoadedSession, cookie: CsrfCookie): string[] {
  const { state, https, csrfCookie: carried } = loaded;
  if (state.unsaved) return [];
  const secret = state.storedKey === undefined ? state.csrfSecret : undefined;
  if (secret === undefined) return carried?.present === true ? [cookie.clear(https)] : [];
  return carried?.secret === secret && carried.oldSecret !== true
    ? []
    : [cookie.issue(secret, https)];
}
