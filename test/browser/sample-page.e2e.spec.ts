import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { SamplePage } from './support/sample-page.js';
import { startSampleUnderTest, type SampleUnderTest } from './support/sample-under-test.js';
import { saveScreenshot } from './support/screenshots.js';

/**
 * The sample's page in a real browser (headless Chromium driven by playwright-core; which one:
 * support/chromium.ts): what a person sees and what the browser stores. Each scenario saves a
 * screenshot under test-artifacts/browser/. The page has no JavaScript: every action is a form post
 * and a 303.
 */
describe.each(['express', 'fastify'] as const)('the sample page in Chromium, on %s', (platform) => {
  let browser: Browser;
  let app: SampleUnderTest;
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startSampleUnderTest(platform);
  }, 60_000);

  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    contexts = [];
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A fresh browser context (its own cookie jar: one user, one device) with the page in it. */
  async function openBrowser(): Promise<SamplePage> {
    const context = await browser.newContext({ viewport: { width: 760, height: 600 } });
    contexts.push(context);
    return SamplePage.in(context, app.pageUrl);
  }

  const screenshot = (page: SamplePage, name: string): Promise<string> =>
    saveScreenshot(page.page, `${platform}-${name}`);

  it('stores nothing on a first visit, whose forms still work, and counts visits once a form stored the session', async () => {
    const guest = await openBrowser();
    expect(await guest.open()).toBe(200);
    expect(await guest.userStatus()).toBe('Not logged in.');
    expect(await guest.visits()).toBe(0);
    expect(await guest.cart()).toEqual([]);
    // The forms' token is of a secret in the pre-session cookie: no session cookie, nothing stored.
    expect(await guest.sessionCookie()).toBeUndefined();
    expect(await guest.sessionCookie('sid.csrf')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });
    expect(await guest.reload()).toBe(200);
    expect(await guest.visits()).toBe(0);
    await screenshot(guest, 'first-visit');

    // The form of that page stores the session (the pre-session secret carried over, its cookie gone),
    // and the page it leads to counts a visit of the stored session.
    expect(await guest.addToCart('apple')).toBe(303);
    expect(await guest.cart()).toEqual(['apple']);
    expect(await guest.visits()).toBe(1);
    expect((await guest.sessionCookie())?.value).toEqual(expect.any(String));
    expect(await guest.sessionCookie('sid.csrf')).toBeUndefined();
    expect(await guest.addToCart('pear')).toBe(303);
    expect(await guest.visits()).toBe(2);
  });

  it('keeps the guest cart through login, under a new cookie', async () => {
    const user = await openBrowser();
    await user.open();
    expect(await user.addToCart('apple')).toBe(303);
    expect(await user.addToCart('pear')).toBe(303);
    const guestCookie = await user.sessionCookie();
    expect(guestCookie?.value).toEqual(expect.any(String));

    expect(await user.logIn('alice')).toBe(303);
    expect(await user.userStatus()).toBe('Logged in as alice.');
    expect(await user.cart()).toEqual(['apple', 'pear']);
    const userCookie = await user.sessionCookie();
    expect(userCookie?.value).toEqual(expect.any(String));
    // Login regenerated the session: a new id against session fixation.
    expect(userCookie?.value).not.toBe(guestCookie?.value);
    expect(await user.listedSessions()).toEqual([{ handle: expect.any(String), current: true }]);
    await screenshot(user, 'cart-survives-login');
  });

  it('counts a visit on each reload of a stored session, across login', async () => {
    const visitor = await openBrowser();
    await visitor.open();
    await visitor.addToCart('plum');
    expect(await visitor.visits()).toBe(1);
    await visitor.reload();
    expect(await visitor.visits()).toBe(2);
    await visitor.reload();
    expect(await visitor.visits()).toBe(3);
    // Login keeps the session's data, the counter included; its redirect loads the page once more.
    await visitor.logIn('victor');
    expect(await visitor.visits()).toBe(4);
    await visitor.reload();
    expect(await visitor.visits()).toBe(5);
    await screenshot(visitor, 'reload-counts-visits');
  });

  it('keeps the session cookie out of document.cookie (HttpOnly) and sends it SameSite=Lax', async () => {
    const user = await openBrowser();
    await user.open();
    await user.logIn('dave');
    const cookie = await user.sessionCookie();
    expect(cookie).toMatchObject({
      name: 'sid',
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      // Plain HTTP here: `secure: 'auto'` sets Secure only over HTTPS.
      secure: false,
    });
    // Persistent: it expires with the session, not with the browser.
    expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000);

    // A cookie scripts may read shows up, so the missing session cookie is HttpOnly at work.
    await user.context.addCookies([{ name: 'probe', value: 'visible', url: app.pageUrl }]);
    await user.reload();
    expect(await user.documentCookie()).toBe('probe=visible');
    expect(await user.userStatus()).toBe('Logged in as dave.');
    await screenshot(user, 'cookie-httponly-samesite');
  });

  it('logs out, and the old cookie no longer works in another browser', async () => {
    const user = await openBrowser();
    await user.open();
    await user.logIn('erin');
    await user.addToCart('book');
    const cookie = await user.sessionCookie();
    if (cookie === undefined) throw new Error('expected a session cookie after login');

    expect(await user.logOut()).toBe(303);
    expect(await user.userStatus()).toBe('Not logged in.');
    expect(await user.cart()).toEqual([]);
    expect(await user.listedSessions()).toEqual([]);
    // The logout cleared the cookie; the page it led to stored nothing (its forms' token is of a
    // pre-session cookie).
    expect(await user.sessionCookie()).toBeUndefined();
    await screenshot(user, 'logged-out');

    // Someone who kept a copy of the cookie gets nothing from it.
    const thief = await openBrowser();
    await thief.context.addCookies([cookie]);
    expect(await thief.open()).toBe(200);
    expect(await thief.userStatus()).toBe('Not logged in.');
    expect(await thief.cart()).toEqual([]);
    expect(await thief.visits()).toBe(0);
    const me = await thief.context.request.get(new URL('/auth/me', app.pageUrl).href);
    expect(me.status()).toBe(401);
    await screenshot(thief, 'old-cookie-after-logout');
  });

  it('keeps two users in two browsers apart', async () => {
    const alice = await openBrowser();
    const bob = await openBrowser();
    await alice.open();
    await bob.open();
    await alice.addToCart('apple');
    await bob.addToCart('banana');
    await alice.logIn('alice2');
    await bob.logIn('bob');
    await alice.reload();
    await bob.reload();

    expect(await alice.userStatus()).toBe('Logged in as alice2.');
    expect(await alice.cart()).toEqual(['apple']);
    expect(await alice.listedSessions()).toEqual([{ handle: expect.any(String), current: true }]);
    expect(await bob.userStatus()).toBe('Logged in as bob.');
    expect(await bob.cart()).toEqual(['banana']);
    expect(await bob.listedSessions()).toEqual([{ handle: expect.any(String), current: true }]);
    expect((await alice.sessionCookie())?.value).not.toBe((await bob.sessionCookie())?.value);
    await screenshot(alice, 'two-users-alice');
    await screenshot(bob, 'two-users-bob');
  });

  it('"Log out everywhere else" in one browser logs the other out on its next reload', async () => {
    const laptop = await openBrowser();
    const phone = await openBrowser();
    await laptop.open();
    await laptop.addToCart('notebook');
    await laptop.addToCart('pencils');
    await laptop.logIn('carol');
    await phone.open();
    await phone.logIn('carol');
    await laptop.reload();

    const listed = await laptop.listedSessions();
    expect(listed).toHaveLength(2);
    expect(listed.filter((entry) => entry.current)).toHaveLength(1);
    expect(await phone.listedSessions()).toEqual(
      expect.arrayContaining(listed.map((entry) => ({ ...entry, current: !entry.current }))),
    );
    expect(await laptop.offersLogoutEverywhereElse()).toBe(true);
    await screenshot(laptop, 'sessions-before-logout-everywhere-else');

    expect(await laptop.logOutEverywhereElse()).toBe(303);
    expect(await laptop.userStatus()).toBe('Logged in as carol.');
    expect(await laptop.cart()).toEqual(['notebook', 'pencils']);
    expect(await laptop.listedSessions()).toEqual([
      listed.find((entry) => entry.current) as unknown,
    ]);
    expect(await laptop.offersLogoutEverywhereElse()).toBe(false);
    await screenshot(laptop, 'after-logout-everywhere-else');

    expect(await phone.reload()).toBe(200);
    expect(await phone.userStatus()).toBe('Not logged in.');
    expect(await phone.listedSessions()).toEqual([]);
    await screenshot(phone, 'logged-out-elsewhere');
  });

  it('refuses a forged form post without the token (403), from this site or another', async () => {
    const victim = await openBrowser();
    await victim.open();
    await victim.logIn('grace');
    expect(await victim.addToCart('book')).toBe(303);

    // The page's own form, stripped of its token: the browser sends the cookie along, the guard refuses.
    await victim.removeCsrfTokens();
    expect(await victim.addToCart('forged')).toBe(403);
    await screenshot(victim, 'forged-form-refused');

    // A page on another site that posts to the cart: refused too (SameSite=Lax also keeps the cookie off).
    const attacker = 'http://attacker.invalid/';
    const cart = new URL('/cart', app.pageUrl).href;
    await victim.context.route(attacker, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${cart}"><input name="item" value="evil"><button>Win a prize</button></form>`,
      }),
    );
    await victim.page.goto(attacker);
    const posted = victim.page.waitForResponse(
      (response) => response.request().method() === 'POST',
    );
    await victim.page.getByRole('button', { name: 'Win a prize' }).click();
    expect((await posted).status()).toBe(403);

    expect(await victim.open()).toBe(200);
    expect(await victim.userStatus()).toBe('Logged in as grace.');
    expect(await victim.cart()).toEqual(['book']);
  });
});
