import type { BrowserContext, Cookie, Locator, Page } from 'playwright-core';

/** One of the "Your sessions" entries, as the page shows it. */
export interface ListedSession {
  /** The short handle shown, `#` and 8 characters. */
  readonly handle: string;
  /** Marked "this browser". */
  readonly current: boolean;
}

/**
 * The sample's page in one browser context, driven as a person would: through its links, fields
 * and buttons, read back from what it shows. Every form posts and follows the 303 back to `/`.
 */
export class SamplePage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly url: string,
  ) {}

  /** Opens a new page of `context` (not yet navigated). */
  static async in(context: BrowserContext, url: string): Promise<SamplePage> {
    return new SamplePage(context, await context.newPage(), url);
  }

  /** Goes to the page and resolves the HTTP status it got. */
  async open(): Promise<number | undefined> {
    return (await this.page.goto(this.url))?.status();
  }

  /** Reloads the page (a GET, as the browser's reload button does). */
  async reload(): Promise<number | undefined> {
    return (await this.page.reload())?.status();
  }

  /** "Logged in as <user>." or "Not logged in.". */
  async userStatus(): Promise<string> {
    return (await this.section('User').locator('p').first().innerText()).trim();
  }

  async visits(): Promise<number> {
    return Number(await this.section('Visits').locator('strong').innerText());
  }

  async cart(): Promise<string[]> {
    const items = this.section('Cart').getByRole('listitem');
    return (await items.allInnerTexts()).map((text) => text.trim());
  }

  /** The "Your sessions" list; empty when the section is not shown (a guest). */
  async listedSessions(): Promise<ListedSession[]> {
    const entries = this.section('Your sessions').getByRole('listitem');
    const listed: ListedSession[] = [];
    for (const entry of await entries.all()) {
      listed.push({
        handle: (await entry.locator('code').innerText()).trim(),
        current: (await entry.getAttribute('aria-current')) === 'true',
      });
    }
    return listed;
  }

  /** Fills the login form and submits it; resolves the status of the POST (303 when it worked). */
  async logIn(username: string): Promise<number> {
    await this.section('User').getByRole('textbox', { name: 'Username' }).fill(username);
    return this.submit(this.button('User', 'Log in'));
  }

  async logOut(): Promise<number> {
    return this.submit(this.button('User', 'Log out'));
  }

  async addToCart(item: string): Promise<number> {
    await this.section('Cart').getByRole('textbox', { name: 'Item' }).fill(item);
    return this.submit(this.button('Cart', 'Add'));
  }

  async logOutEverywhereElse(): Promise<number> {
    return this.submit(this.button('Your sessions', 'Log out everywhere else'));
  }

  /** Whether the page offers "Log out everywhere else". */
  async offersLogoutEverywhereElse(): Promise<boolean> {
    return (await this.button('Your sessions', 'Log out everywhere else').count()) === 1;
  }

  /** The session cookie (or the cookie `name`) as the browser stores it, or undefined. */
  async sessionCookie(name = 'sid'): Promise<Cookie | undefined> {
    return (await this.context.cookies(this.url)).find((cookie) => cookie.name === name);
  }

  /** Removes the CSRF token from every form of the page: what a forged form would look like. */
  async removeCsrfTokens(): Promise<void> {
    // A string, evaluated in the page: the specs are type-checked without the DOM's types.
    await this.page.evaluate(
      "document.querySelectorAll('input[name=_csrf]').forEach((field) => field.remove())",
    );
  }

  /** What the page's own scripts would see in `document.cookie`. */
  async documentCookie(): Promise<string> {
    // A string, evaluated in the page: the specs are type-checked without the DOM's types.
    return String(await this.page.evaluate('document.cookie'));
  }

  private section(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  private button(section: string, name: string): Locator {
    return this.section(section).getByRole('button', { name, exact: true });
  }

  /**
   * Clicks a form's submit button and waits until the page it leads to has loaded; resolves the
   * status of the form's POST. Without JavaScript on the page, the form posts and the server's
   * `303 See Other` brings the browser back to `/`.
   */
  private async submit(button: Locator): Promise<number> {
    const posted = this.page.waitForRequest((request) => request.method() === 'POST');
    const loaded = this.page.waitForEvent('load');
    await button.click();
    const response = await (await posted).response();
    await loaded;
    if (response === null) throw new Error('the form post got no response');
    return response.status();
  }
}
