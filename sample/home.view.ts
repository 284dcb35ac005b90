import { csrfField } from './csrf-field.view.js';
import { escapeHtml } from './escape-html.js';
import { PAGE_STYLE } from './page-style.js';
import { renderUserSessions, type UserSessionEntry } from './user-sessions.view.js';

/** What the home page shows. */
export interface HomePageModel {
  /** The logged-in user, or undefined for a guest. */
  readonly username: string | undefined;
  /** The visits counted in the session, this page load included. */
  readonly visits: number;
  readonly cart: readonly string[];
  /** The logged-in user's live sessions; undefined for a guest. */
  readonly sessions: readonly UserSessionEntry[] | undefined;
  /** The session's CSRF token, carried by every form (field `_csrf`). */
  readonly csrfToken: string;
}

function renderUser(username: string | undefined, token: string): string {
  const status =
    username === undefined
      ? `<p class="muted">Not logged in.</p>
  <form method="post" action="/auth/login">
    ${csrfField(token)}
    <input name="username" aria-label="Username" placeholder="username" required maxlength="64" pattern="[A-Za-z0-9._@\\-]{1,64}">
    <button type="submit" class="primary">Log in</button>
  </form>`
      : `<p>Logged in as <strong>${escapeHtml(username)}</strong>.</p>`;
  return `<section aria-labelledby="user-heading">
  <h2 id="user-heading">User</h2>
  ${status}
  <form method="post" action="/auth/logout">
    ${csrfField(token)}
    <button type="submit">${username === undefined ? 'End session' : 'Log out'}</button>
  </form>
</section>`;
}

function renderVisits(visits: number): string {
  return `<section aria-labelledby="visits-heading">
  <h2 id="visits-heading">Visits</h2>
  <p>Visits counted in this session: <strong>${escapeHtml(String(visits))}</strong></p>
  <p class="note">Each load of this page counts one, once the session is stored. A first visit stores
  nothing and gets no cookie: add to the cart or log in to start a session, then reload.</p>
</section>`;
}

function renderCart(cart: readonly string[], token: string): string {
  const items =
    cart.length === 0
      ? '<p class="muted">The cart is empty.</p>'
      : `<ul>${cart.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  return `<section aria-labelledby="cart-heading">
  <h2 id="cart-heading">Cart</h2>
  ${items}
  <form method="post" action="/cart">
    ${csrfField(token)}
    <input name="item" aria-label="Item" placeholder="item" required maxlength="100">
    <button type="submit">Add</button>
  </form>
  <p class="note">No login needed: the cart stays with the session when you log in.</p>
</section>`;
}

/**
 * The home page: who is logged in, the visits counter, the guest cart and the user's sessions, with
 * forms that post to the sample's routes (each answers a form with `303 See Other` back to `/`, so the
 * page needs no JavaScript). Every interpolated value is HTML-escaped.
 */
export function renderHomePage({
  username,
  visits,
  cart,
  sessions,
  csrfToken,
}: HomePageModel): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nestjs-dynamodb-session sample</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header>
<h1>nestjs-dynamodb-session sample</h1>
<p class="muted">A session stored in DynamoDB; the browser only holds a signed id.</p>
</header>
<main>
${renderUser(username, csrfToken)}
${renderVisits(visits)}
${renderCart(cart, csrfToken)}
${sessions === undefined ? '' : renderUserSessions(sessions, csrfToken)}
</main>
</body>
</html>
`;
}
