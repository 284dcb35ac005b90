import { parseCookie } from 'cookie';

/** Copies of one cookie in a header that are verified at most (each costs an HMAC a secret). */
export const MAX_COOKIE_COPIES = 8;

/**
 * The values of the cookie `name` in a Cookie header, in its order: the first `max` of them (a header
 * may hold a name more than once: a cookie set for another path or a parent domain, or tossed there
 * by a sibling subdomain). Each is decoded as the cookie package decodes a value (percent-encoding).
 */
export function cookieValues(header: string, name: string, max: number): string[] {
  const values: string[] = [];
  // The next '=' from `start` on, found once for all the segments before it (no rescans of the header).
  let equals = -1;
  for (let start = 0; start < header.length && values.length < max;) {
    if (equals < start) equals = header.indexOf('=', start);
    if (equals < 0) break; // no cookie follows
    const semicolon = header.indexOf(';', start);
    const end = semicolon < 0 ? header.length : semicolon;
    if (equals > start && equals < end && header.slice(start, equals).trim() === name) {
      const value = parseCookie(header.slice(start, end))[name];
      if (value !== undefined) values.push(value);
    }
    start = end + 1;
  }
  return values;
}
