import type { TargetName } from '../targets/target-name.js';
import { cookieFromSetCookie } from './set-cookie.js';

/** The request and response header of the library's header tokens (its default `token.header`). */
const TOKEN_HEADER = 'X-Session-Token';

/**
 * How the bench's client carries a session to a target and gets a new one back: as a cookie, or as a
 * header token. The workloads and the preparation of sessions go through it, so that which one a
 * target's load uses is decided here alone ({@link credentialOf}).
 */
export interface Credential {
  readonly name: 'cookie' | 'header token';
  /** The request headers of a client that has no session yet (and so is given a new one). */
  readonly newSession: Readonly<Record<string, string>>;
  /** The request headers that carry `session`, as {@link received} returned it. */
  send(session: string): Record<string, string>;
  /**
   * The session a response hands back, from its headers (any case of the names, a value or a list);
   * undefined when it hands none back or only ends one.
   */
  received(headers: Record<string, unknown>): string | undefined;
}

/** A browser's: no cookie for a new session, `Cookie: name=value`, the pair of the Set-Cookie. */
export const COOKIE: Credential = {
  name: 'cookie',
  newSession: {},
  send: (cookie) => ({ cookie }),
  received: cookieFromSetCookie,
};

/**
 * A header client's: `X-Session-Token:` empty for a new session, `X-Session-Token: <token>`, the
 * token of the response's `X-Session-Token` (empty once the session ended).
 */
export const HEADER_TOKEN: Credential = {
  name: 'header token',
  newSession: { [TOKEN_HEADER.toLowerCase()]: '' },
  send: (token) => ({ [TOKEN_HEADER.toLowerCase()]: token }),
  received: (headers) => {
    for (const [name, value] of Object.entries(headers)) {
      if (name.toLowerCase() !== TOKEN_HEADER.toLowerCase()) continue;
      const token = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
      if (token !== '') return token;
    }
    return undefined;
  },
};

/** The credential the load of `target` uses: a header token for `ours-header`, else a cookie. */
export function credentialOf(target: TargetName): Credential {
  return target === 'ours-header' ? HEADER_TOKEN : COOKIE;
}
