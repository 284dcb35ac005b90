import { parseCookie, stringifySetCookie } from 'cookie';
import signature from 'cookie-signature';
import type { ResolvedLegacyOptions } from '../options/legacy-options.js';

/** express-session's cookie (`s:` + id + `.` + HMAC-SHA256), read as express-session reads it, and cleared. */
export class LegacySessionCookie {
  constructor(private readonly options: ResolvedLegacyOptions) {}

  /**
   * express-session's session id in a Cookie header, only when its signature verifies with one of the
   * legacy secrets: anything else is no id (and costs no store call).
   */
  read(header: string | undefined): string | undefined {
    if (header === undefined || header === '') return undefined;
    const value = parseCookie(header)[this.options.cookieName];
    if (value === undefined || !value.startsWith('s:')) return undefined;
    for (const secret of this.options.secrets) {
      const sid = signature.unsign(value.slice(2), secret);
      if (sid !== false && sid !== '') return sid;
    }
    return undefined;
  }

  /** The Set-Cookie value that removes the legacy cookie (its path and domain, as express-session set it). */
  clear(https: boolean): string {
    return stringifySetCookie(this.options.cookieName, '', {
      path: this.options.cookiePath,
      domain: this.options.cookieDomain,
      httpOnly: true,
      secure: https,
      maxAge: 0,
      expires: new Date(0),
    });
  }
}
