import type { ResolvedCookieOptions } from '../options/cookie-options.js';

/**
 * The attributes of a cookie of the session's (path, domain, HttpOnly, SameSite, Secure, ...) as the
 * cookie options say, `Secure` over HTTPS when `secure` is `'auto'`.
 */
export function cookieAttributes(options: ResolvedCookieOptions, https: boolean) {
  const { path, domain, httpOnly, sameSite, secure, partitioned, priority } = options;
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
