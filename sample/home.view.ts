import { escapeHtml } from './escape-html.js';

/** What the home page shows. */
export interface HomePageModel {
  /** The logged-in user, or undefined for a guest. */
  readonly username: string | undefined;
  readonly visits: number;
  readonly cart: readonly string[];
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; color: #1f2328; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.35rem; margin-bottom: 0.25rem; }
  h2 { font-size: 1rem; margin: 0 0 0.5rem; }
  section { border: 1px solid #d0d7de; border-radius: 8px; padding: 0.75rem 1rem; margin: 1rem 0; }
  form { display: flex; gap: 0.5rem; margin: 0.5rem 0 0; }
  input { flex: 1; padding: 0.3rem 0.5rem; }
  button { padding: 0.3rem 0.9rem; cursor: pointer; }
  ul { margin: 0; padding-left: 1.25rem; }
  .muted { color: #656d76; }
`;

/**
 * The home page: who is logged in, the visits counter and the guest cart, with forms that post to
 * the sample's routes. Every interpolated value is HTML-escaped.
 */
export function renderHomePage({ username, visits, cart }: HomePageModel): string {
  const user =
    username === undefined
      ? '<p class="muted">Not logged in.</p>'
      : `<p>Logged in as <strong>${escapeHtml(username)}</strong>.</p>`;
  const items =
    cart.length === 0
      ? '<p class="muted">The cart is empty.</p>'
      : `<ul>${cart.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nestjs-dynamodb-session sample</title>
<style>${STYLE}</style>
</head>
<body>
<h1>nestjs-dynamodb-session sample</h1>
<p class="muted">A session stored in DynamoDB; the browser only holds a signed id.</p>
<section>
  <h2>User</h2>
  ${user}
  <form method="post" action="/auth/login">
    <input name="username" aria-label="Username" placeholder="username" required maxlength="64" pattern="[A-Za-z0-9._@\\-]{1,64}">
    <button type="submit">Log in</button>
  </form>
  <form method="post" action="/auth/logout">
    <button type="submit">${username === undefined ? 'End session' : 'Log out'}</button>
  </form>
</section>
<section>
  <h2>Visits</h2>
  <p>Visits counted in this session: <strong>${escapeHtml(String(visits))}</strong></p>
  <form method="post" action="/visits"><button type="submit">Count a visit</button></form>
</section>
<section>
  <h2>Cart</h2>
  ${items}
  <form method="post" action="/cart">
    <input name="item" aria-label="Item" placeholder="item" required maxlength="100">
    <button type="submit">Add</button>
  </form>
</section>
</body>
</html>
`;
}
