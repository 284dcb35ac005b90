import { createHmac, timingSafeEqual } from 'node:crypto';
import { stringifySetCookie } from 'cookie';
import type { ResolvedCookieOptions } from '../options/cookie-options.js';
import { cookieValues, MAX_COOKIE_COPIES } from './cookie-values.js';
import { cookieAttributes } from './cookie-attributes.js';

/** What a request's Cookie header says about the pre-session CSRF cookie. */
export interface CsrfCookieReading {
  /** A cookie with its name was sent (valid or not). */
  readonly present: boolean;
  /** The CSRF secret it carries, only when its MAC verified with one of the secrets. */
  readonly secret?: string;
  /** It verified with a secret other than the first (an old one): issue it anew. */
  readonly oldSecret?: boolean;
}

/** A CSRF secret as `generateCsrfSecret` makes it: 32 bytes, base64url. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** What the MAC covers besides the secret, so no other value signed with the module's secret passes for one. */
const PURPOSE = 'nestjs-dynamodb-session pre-session CSRF secret:';

function mac(key: string, csrfSecret: string): Buffer {
  return createHmac('sha256', key).update(PURPOSE).update(csrfSecret).digest();
}

/**
 * The pre-session CSRF cookie: the CSRF secret of a visitor whose session is not stored, so that
 * handing out a token costs no write. Named after the session cookie (`<name>.csrf`, so a `__Host-`
 * name stays one) with its attributes, but always HttpOnly and never persistent (it ends with the
 * browser session). Its value is `<secret>.<HMAC-SHA256 of it under the module's secret>`: nobody
 * without the secret can make one, though a visitor can read (and replay) their own.
 */
export class CsrfCookie {
  readonly name: string;

  constructor(
    private readonly options: ResolvedCookieOptions,
    private readonly secrets: readonly string[],
  ) {
    this.name = `${options.name}.csrf`;
  }

  /** Verifies the cookie in a Cookie header: the first copy whose MAC verifies counts. */
  read(header: string | undefined): CsrfCookieReading {
    if (header === undefined || header === '') return { present: false };
    const copies = cookieValues(header, this.name, MAX_COOKIE_COPIES);
    if (copies.length === 0) return { present: false };
    for (const value of copies) {
      const dot = value.indexOf('.');
      const secret = value.slice(0, dot);
      if (dot < 0 || !SECRET_PATTERN.test(secret)) continue;
      const given = Buffer.from(value.slice(dot + 1), 'base64url');
      for (const [index, key] of this.secrets.entries()) {
        const expected = mac(key, secret);
        if (given.length === expected.length && timingSafeEqual(given, expected))
          return index === 0
            ? { present: true, secret }
            : { present: true, secret, oldSecret: true };
      }
    }
    return { present: true };
  }

  /** The Set-Cookie value carrying `csrfSecret`, MACed with the first secret. */
  issue(csrfSecret: string, https: boolean): string {
    const value = `${csrfSecret}.${mac(this.secrets[0] as string, csrfSecret).toString('base64url')}`;
    return stringifySetCookie(this.name, value, this.attributes(https));
  }

  /** The Set-Cookie value that removes the cookie from the browser. */
  clear(https: boolean): string {
    return stringifySetCookie(this.name, '', {
      ...this.attributes(https),
      maxAge: 0,
      expires: new Date(0),
    });
  }

  private attributes(https: boolean) {
    return { ...cookieAttributes(this.options, https), httpOnly: true };
  }
}
