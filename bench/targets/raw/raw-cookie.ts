import { createHash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import signature from 'cookie-signature';

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The `raw` target's session cookie, written by hand with the same parts as the library's: a
 * 256-bit random id signed with HMAC-SHA256 (`cookie-signature`), stored under the SHA-256 of the id.
 */
export class RawCookie {
  readonly name = 'sid';

  constructor(
    private readonly secret: string,
    private readonly maxAgeSeconds: number,
  ) {}

  /** The session id in a Cookie header, when its signature verifies. */
  idFrom(header: string | undefined): string | undefined {
    if (header === undefined || header === '') return undefined;
    const value = parseCookie(header)[this.name];
    if (value === undefined) return undefined;
    const id = signature.unsign(value, this.secret);
    return id !== false && ID_PATTERN.test(id) ? id : undefined;
  }

  newId(): string {
    return randomBytes(32).toString('base64url');
  }

  /** The table key of a session id. */
  keyOf(id: string): string {
    return createHash('sha256').update(id).digest('base64url');
  }

  issue(id: string): string {
    return stringifySetCookie(this.name, signature.sign(id, this.secret), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: this.maxAgeSeconds,
    });
  }

  clear(): string {
    return stringifySetCookie(this.name, '', {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 0,
    });
  }
}
