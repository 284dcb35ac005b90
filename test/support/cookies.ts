import signature from 'cookie-signature';
import type { Response } from 'supertest';
import { parseSetCookie, type SetCookie } from 'cookie';

/** The Set-Cookie headers of a response, parsed. */
export function setCookies(response: Response): SetCookie[] {
  const header = response.headers['set-cookie'] as unknown as string[] | string | undefined;
  const list = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return list.map((value) => parseSetCookie(value));
}

/** The session cookie a response set, or undefined. */
export function sessionCookie(response: Response, name = 'sid'): SetCookie | undefined {
  return setCookies(response).find((cookie) => cookie.name === name);
}

/** A `Cookie` request header carrying the session cookie a response set. */
export function cookieHeaderFrom(response: Response, name = 'sid'): string {
  const cookie = sessionCookie(response, name);
  if (cookie?.value === undefined) throw new Error(`the response set no ${name} cookie`);
  return `${name}=${cookie.value}`;
}

/**
 * The session id inside a `sid=<id>.<signature>` (or, with a write mark, `sid=<id>.<mark>.<signature>`)
 * cookie header signed with `secret`.
 */
export function sessionIdFrom(cookieHeader: string, secret: string): string {
  const value = decodeURIComponent(cookieHeader.slice(cookieHeader.indexOf('=') + 1));
  const signed = signature.unsign(value, secret);
  if (signed === false) throw new Error('the cookie does not verify');
  return signed.split('.')[0] as string;
}

/** A `sid=<id>.<signature>` cookie header for `id`, signed with `secret` as the library signs it. */
export function cookieFor(id: string, secret: string, name = 'sid'): string {
  return `${name}=${encodeURIComponent(signature.sign(id, secret))}`;
}

/** The session id inside express-session's `connect.sid=s%3A<id>.<signature>` cookie header. */
export function expressSessionIdFrom(cookieHeader: string, secret: string): string {
  const value = decodeURIComponent(cookieHeader.slice(cookieHeader.indexOf('=') + 1));
  const sid = signature.unsign(value.replace(/^s:/, ''), secret);
  if (sid === false) throw new Error('the cookie does not verify');
  return sid;
}
