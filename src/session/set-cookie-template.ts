import { stringifySetCookie } from 'cookie';
import type { ResolvedCookieOptions } from '../options/cookie-options.js';
import { cookieAttributes } from './cookie-attributes.js';

/** The date of the template's `Expires`, where each cookie's own goes. */
const EXPIRES_MARK = `; Expires=${new Date(0).toUTCString()}`;

/**
 * The Set-Cookie value of one cookie with its attributes fixed (path, domain, HttpOnly, SameSite,
 * Secure, ...), laid out and checked once by `cookie`'s `stringifySetCookie`: each value then only
 * fills in its value and lifetime, in the same order. A write sends one on every request.
 */
export class SetCookieTemplate {
  private readonly head: string;
  /** The attributes `stringifySetCookie` puts between `Max-Age` and `Expires` (Domain, Path). */
  private readonly middle: string;
  /** Those after `Expires` (HttpOnly, Secure, Partitioned, Priority, SameSite). */
  private readonly tail: string;

  constructor(name: string, options: ResolvedCookieOptions, https: boolean) {
    const layout = stringifySetCookie(name, '', {
      ...cookieAttributes(options, https),
      expires: new Date(0),
    });
    const expires = layout.indexOf(EXPIRES_MARK);
    this.head = `${name}=`;
    this.middle = layout.slice(this.head.length, expires);
    this.tail = layout.slice(expires + EXPIRES_MARK.length);
  }

  /**
   * The cookie holding `value` (URI-encoded, as `cookie` encodes it), until `expiresAt` (epoch ms;
   * `Max-Age` counted from `now`), or a browser-session cookie without it.
   */
  format(value: string, lifetime?: { readonly expiresAt: number; readonly now: number }): string {
    const encoded = encodeURIComponent(value);
    if (lifetime === undefined) return `${this.head}${encoded}${this.middle}${this.tail}`;
    const maxAge = Math.max(0, Math.ceil((lifetime.expiresAt - lifetime.now) / 1000));
    const expires = new Date(lifetime.expiresAt).toUTCString();
    return `${this.head}${encoded}; Max-Age=${maxAge}${this.middle}; Expires=${expires}${this.tail}`;
  }
}
