import { stringifyCookie, stringifySetCookie } from 'cookie';
import signature from 'cookie-signature';
import type { ResolvedCookieOptions } from '../options/cookie-options.js';
import { BoundedMemo } from '../repository/bounded-memo.js';
import { cookieAttributes } from './cookie-attributes.js';
import { cookieValues, MAX_COOKIE_COPIES } from './cookie-values.js';
import { SESSION_ID_PATTERN } from './session-id.js';
import { SetCookieTemplate } from './set-cookie-template.js';

/** What a request's Cookie header says about the session. */
export interface SessionCookieReading {
  /** A cookie with the session cookie's name was sent (valid or not). */
  readonly present: boolean;
  /** The session id, only when the cookie's signature verified with one of the secrets. */
  readonly id?: string;
  /** The id verified with a secret other than the first (an old one): re-sign the cookie. */
  readonly oldSecret?: boolean;
  /**
   * The write mark: the `touchedAt` (epoch ms) of the last version of the session this client was sent
   * a cookie for. Absent in a cookie issued without one (an older version, or `consistentRead` not
   * `'auto'`).
   */
  readonly mark?: number;
}

/** The longest session token read: a signed id and mark take about 100 characters. */
const MAX_TOKEN_LENGTH = 256;

/** A mark as the cookie carries it: base 36 digits after the id and a dot, inside the signed value. */
const MARK_PATTERN = /^[0-9a-z]{1,11}$/;

/**
 * Signed values kept with what they say (about 400 bytes each): the cookie a client sends back is most
 * often the one the last response gave it, so its HMAC was worked out when it was signed.
 */
const VALUES_KEPT = 4096;

/** Reads, signs and writes the session cookie (HMAC-SHA256 via cookie-signature; first secret signs). */
export class SessionCookie {
  /** Signed values that verified (or were signed here), with their reading: only what the value says. */
  private readonly verifiedValues = new BoundedMemo<SessionCookieReading>(VALUES_KEPT);
  /** The Set-Cookie layout of an issued cookie, over HTTP and over HTTPS (`secure: 'auto'`). */
  private readonly templates: Readonly<Record<'http' | 'https', SetCookieTemplate>>;

  constructor(
    private readonly options: ResolvedCookieOptions,
    private readonly secrets: readonly string[],
  ) {
    this.templates = {
      http: new SetCookieTemplate(options.name, options, false),
      https: new SetCookieTemplate(options.name, options, true),
    };
  }

  get name(): string {
    return this.options.name;
  }

  /** Verifies the session cookie in a Cookie header. Anything that does not verify is no session id. */
  read(header: string | undefined): SessionCookieReading {
    if (header === undefined || header === '') return { present: false };
    const copies = cookieValues(header, this.options.name, MAX_COOKIE_COPIES);
    if (copies.length === 0) return { present: false };
    // Sent more than once (a cookie set for another path or a parent domain, or tossed there by a
    // sibling subdomain): the first copy that verifies, whole (its id and mark), never parts of two.
    for (const value of copies) {
      const reading = this.verified(value);
      if (reading !== undefined) return reading;
    }
    return { present: true };
  }

  /** The id (and mark) of a signed value that verifies with one of the secrets; undefined when none. */
  private verified(value: string): SessionCookieReading | undefined {
    const kept = this.verifiedValues.get(value);
    if (kept !== undefined) return kept;
    for (const [index, secret] of this.secrets.entries()) {
      const signed = signature.unsign(value, secret);
      const reading = signed === false ? undefined : parseSigned(signed);
      if (reading === undefined) continue;
      const verified = Object.freeze(index === 0 ? reading : { ...reading, oldSecret: true });
      // Only what verified is kept: a forged value is checked anew each time, and fills nothing.
      this.verifiedValues.keep(value, verified);
      return verified;
    }
    return undefined;
  }

  /**
   * Verifies a session token (a header client's): the signed value a cookie would carry, sent as it
   * is. Anything that does not verify is no session id.
   */
  readToken(token: string): SessionCookieReading {
    if (token === '') return { present: false };
    // Longer than any value we sign: not worth an HMAC per secret.
    if (token.length > MAX_TOKEN_LENGTH) return { present: true };
    return this.verified(token) ?? { present: true };
  }

  /** The session token of the session `id` (and `mark`): the signed value its cookie would carry. */
  token(id: string, mark?: number): string {
    return this.signed(id, mark);
  }

  /**
   * The Set-Cookie value carrying the signed `id` (and `mark`, when given), valid until `expiresAt` (ms)
   * when persistent.
   */
  issue(id: string, expiresAt: number, now: number, https: boolean, mark?: number): string {
    const template = https ? this.templates.https : this.templates.http;
    const lifetime = this.options.persistent ? { expiresAt, now } : undefined;
    return template.format(this.signed(id, mark), lifetime);
  }

  /** The `Cookie` request header a client sends back for the session `id` (signed, as issued). */
  requestHeader(id: string, mark?: number): string {
    return stringifyCookie({ [this.options.name]: this.signed(id, mark) });
  }

  private signed(id: string, mark: number | undefined): string {
    const value = mark === undefined ? id : `${id}.${mark.toString(36)}`;
    const signed = signature.sign(value, this.secrets[0] as string);
    const reading = parseSigned(value);
    if (reading !== undefined) this.verifiedValues.keep(signed, Object.freeze(reading));
    return signed;
  }

  /** The Set-Cookie value that removes the session cookie from the browser. */
  clear(https: boolean): string {
    return stringifySetCookie(this.options.name, '', {
      ...cookieAttributes(this.options, https),
      maxAge: 0,
      expires: new Date(0),
    });
  }
}

/** The id (and mark) of a value whose signature verified; undefined when it is not one we issue. */
function parseSigned(signed: string): SessionCookieReading | undefined {
  const dot = signed.indexOf('.');
  const id = dot < 0 ? signed : signed.slice(0, dot);
  if (!SESSION_ID_PATTERN.test(id)) return undefined;
  if (dot < 0) return { present: true, id };
  const mark = signed.slice(dot + 1);
  return MARK_PATTERN.test(mark) ? { present: true, id, mark: parseInt(mark, 36) } : undefined;
}
