import { parseCookie, stringifyCookie, stringifySetCookie } from 'cookie';
import signature from 'cookie-signature';
import type { ResolvedCookieOptions } from '../resolved-session-options.js';
import { SESSION_ID_PATTERN } from './session-id.js';

/** What a request's Cookie header says about the session. */
export interface SessionCookieReading {
  /** A cookie with the session cookie's name was sent (valid or not). */
  readonly present: boolean;
  /** The session id, only when the cookie's signature verified with one of the secrets. */
  readonly id?: string;
  /** The id verified with a secret other than the first (an old one): re-sign the cookie. */
  readonly oldSecret?: boolean;
}

/** Reads, signs and writes the session cookie (HMAC-SHA256 via cookie-signature; first secret signs). */
export class SessionCookie {
  constructor(
    private readonly options: ResolvedCookieOptions,
    private readonly secrets: readonly string[],
  ) {}

  get name(): string {
    return this.options.name;
  }

  /** Verifies the session cookie in a Cookie header. Anything that does not verify is no session id. */
  read(header: string | undefined): SessionCookieReading {
    if (header === undefined || header === '') return { present: false };
    const value = parseCookie(header)[this.options.name];
    if (value === undefined) return { present: false };
    for (const [index, secret] of this.secrets.entries()) {
      const id = signature.unsign(value, secret);
      if (id !== false && SESSION_ID_PATTERN.test(id)) {
        return index === 0 ? { present: true, id } : { present: true, id, oldSecret: true };
      }
    }
    return { present: true };
  }

  /** The Set-Cookie value carrying the signed `id`, valid until `expiresAt` (ms) when persistent. */
  issue(id: string, expiresAt: number, now: number, https: boolean): string {
    const signed = signature.sign(id, this.secrets[0] as string);
    const lifetime = this.options.persistent
      ? { maxAge: Math.max(0, Math.ceil((expiresAt - now) / 1000)), expires: new Date(expiresAt) }
      : {};
    return stringifySetCookie(this.options.name, signed, {
      ...this.attributes(https),
      ...lifetime,
    });
  }

  /** The `Cookie` request header a client sends back for the session `id` (signed, as issued). */
  requestHeader(id: string): string {
    return stringifyCookie({ [this.options.name]: signature.sign(id, this.secrets[0] as string) });
  }

  /** The Set-Cookie value that removes the session cookie from the browser. */
  clear(https: boolean): string {
    return stringifySetCookie(this.options.name, '', {
      ...this.attributes(https),
      maxAge: 0,
      expires: new Date(0),
    });
  }

  private attributes(https: boolean) {
    const { path, domain, httpOnly, sameSite, secure, partitioned, priority } = this.options;
    return {
      path,
      domain,
      httpOnly,
      sameSite,
      secure: secure === 'auto' ? https : secure,
      ...(partitioned ? { partitioned } : {}),
      ...(priority === undefined ? {} : { priority }),
    };
  }
}
