import { isEmptyAnswer, type SessionAnswer } from '../session/session-answer.js';
import { headerText } from '../session/session-input.js';

/**
 * The few request/response facts the library needs, read the same way on Express and Fastify.
 * Nest hands guards and interceptors the platform's own objects; these helpers hide the difference.
 */
interface RequestLike {
  raw?: object;
  /** Express and Fastify: the client's address, as their trusted-proxy settings say. */
  ip?: string;
  headers?: Record<string, string | string[] | undefined>;
  secure?: boolean;
  protocol?: string;
}

interface ResponseLike {
  /** Express */
  append?: (name: string, value: string) => unknown;
  /** Fastify */
  header?: (name: string, value: string) => unknown;
  getHeader?: (name: string) => unknown;
  setHeader?: (name: string, value: string | string[]) => unknown;
  headersSent?: boolean;
  raw?: { headersSent?: boolean };
}

/** The underlying Node request: the key of per-request state on every platform. */
export function rawRequest(request: object): object {
  return (request as RequestLike).raw ?? request;
}

/** The request's Cookie header. */
export function cookieHeader(request: object): string | undefined {
  const header = (request as RequestLike).headers?.['cookie'];
  return Array.isArray(header) ? header.join('; ') : header;
}

/** A request header by its lower-case name (several joined with `, `); undefined when absent. */
export function requestHeader(request: object, name: string): string | undefined {
  return headerText((request as RequestLike).headers?.[name]);
}

/** The request's User-Agent header, at most 512 characters. */
export function userAgent(request: object): string | undefined {
  const header = (request as RequestLike).headers?.['user-agent'];
  const value = Array.isArray(header) ? header[0] : header;
  return value === undefined || value === '' ? undefined : value.slice(0, 512);
}

/**
 * The client's IP address as the platform sees it: Express's `req.ip` (X-Forwarded-For only as far as
 * `trust proxy` says), Fastify's `request.ip` (`trustProxy`); the socket's address on a bare request.
 */
export function clientIp(request: object): string | undefined {
  const { ip, raw } = request as RequestLike & { socket?: { remoteAddress?: string } };
  if (typeof ip === 'string') return ip;
  const socket = ((raw ?? request) as { socket?: { remoteAddress?: string } }).socket;
  return socket?.remoteAddress;
}

/** The first protocol in the request's X-Forwarded-Proto header, lower-cased. */
export function forwardedProto(request: object): string | undefined {
  const header = (request as RequestLike).headers?.['x-forwarded-proto'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim().toLowerCase();
}

/** Whether the request came over HTTPS, as the platform sees it (Express honours `trust proxy`). */
export function isHttps(request: object): boolean {
  const { secure, protocol } = request as RequestLike;
  return secure === true || protocol === 'https';
}

/** Whether the response has been sent already (a handler that used `@Res()` without passthrough). */
export function headersSent(response: object): boolean {
  const res = response as ResponseLike;
  return res.headersSent === true || res.raw?.headersSent === true;
}

/** Sets a response header (replacing one of the same name) on Express or Fastify. */
export function setHeader(response: object, name: string, value: string): void {
  const res = response as ResponseLike;
  if (headersSent(res)) return;
  if (typeof res.setHeader === 'function') res.setHeader(name, value);
  else if (typeof res.header === 'function') res.header(name, value);
}

/** Adds a Set-Cookie header without dropping the ones the handler set. */
function appendSetCookie(response: object, value: string): void {
  const res = response as ResponseLike;
  if (typeof res.append === 'function') {
    res.append('Set-Cookie', value);
  } else if (typeof res.header === 'function') {
    res.header('set-cookie', value);
  } else if (typeof res.setHeader === 'function') {
    const previous = res.getHeader?.('set-cookie');
    const list =
      previous === undefined
        ? []
        : Array.isArray(previous)
          ? previous.map(String)
          : [String(previous)];
    res.setHeader('set-cookie', [...list, value]);
  } else {
    throw new TypeError('nestjs-dynamodb-session: cannot set a cookie on this response object');
  }
}

/**
 * Sends what the session's commit answered: its Set-Cookie values (setting or clearing its cookie), or
 * a header client's token header, and then `Cache-Control: no-store` unless the app set a
 * `Cache-Control` of its own (which it must then keep from making the response publicly cacheable), so
 * a shared cache (a CDN, a proxy) does not hand one user's session to the next. Nothing once the
 * headers are out.
 */
export function sendSessionAnswer(response: object, answer: SessionAnswer): void {
  if (headersSent(response)) return;
  if (answer.vary !== undefined) addVary(response, answer.vary);
  if (isEmptyAnswer(answer)) return;
  for (const value of answer.cookies) appendSetCookie(response, value);
  for (const [name, value] of Object.entries(answer.headers)) setHeader(response, name, value);
  if (headerOf(response, 'cache-control') === undefined) {
    setHeader(response, 'Cache-Control', 'no-store');
  }
}

/** Adds `names` to the response's `Vary` header, keeping what the app put there. */
function addVary(response: object, names: string): void {
  const previous = headerOf(response, 'vary');
  const current = previous === undefined ? '' : String(previous);
  if (current.trim() === '*') return;
  setHeader(response, 'Vary', current === '' ? names : `${current}, ${names}`);
}

/** A response header set so far, on Express or Fastify (undefined when not set). */
function headerOf(response: object, name: string): unknown {
  const res = response as ResponseLike;
  return typeof res.getHeader === 'function' ? res.getHeader(name) : undefined;
}
