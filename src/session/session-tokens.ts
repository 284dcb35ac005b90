import type { ResolvedTokenOptions } from '../options/token-options.js';
import type { SessionInput } from './session-input.js';

/** `Authorization: Bearer <token>` (RFC 6750's scheme, any case; the token may be empty). */
const BEARER_PATTERN = /^bearer(?:[ \t]+(.*))?$/is;

/**
 * A token that never verifies: what a client that handed over a token that is not text (a number, an
 * object) presented. It is a header client with no session, as one whose token was forged.
 */
const NOT_A_TOKEN = '\u0000';

/**
 * Which clients are header clients, and their token: the one rule every transport's input goes
 * through. A token handed over outside the headers (a WebSocket handshake's) comes first, then the
 * session header (`token.header`), then, with `token.bearer`, `Authorization: Bearer`. A client that
 * presents none of them is a cookie client; one that presents an empty token asks for a new session.
 */
export class SessionTokens {
  /** The session header's lower-case name; undefined when header tokens are off. */
  private readonly headerName: string | undefined;

  constructor(private readonly options: ResolvedTokenOptions) {
    this.headerName = options.header === false ? undefined : options.header.toLowerCase();
  }

  /** The response header that carries a header client's new token; undefined when tokens are off. */
  get responseHeader(): string | undefined {
    return this.options.header === false ? undefined : this.options.header;
  }

  /** The request headers a header client's token is read from, as `Vary` names them. */
  get requestHeaders(): string | undefined {
    const { header, bearer } = this.options;
    if (header === false) return undefined;
    return bearer ? `${header}, Authorization` : header;
  }

  /** The token the client of `input` presented (`''`: asks for a new session); undefined for a cookie client. */
  of(input: SessionInput): string | undefined {
    if (this.headerName === undefined) return undefined;
    const handed = input.sessionToken;
    if (handed !== undefined && handed !== null)
      return typeof handed === 'string' ? handed.trim() : NOT_A_TOKEN;
    const header = input.header;
    if (header === undefined) return undefined;
    const value = header(this.headerName);
    if (value !== undefined) return value.trim();
    if (!this.options.bearer) return undefined;
    const authorization = header('authorization');
    const bearer = authorization === undefined ? null : BEARER_PATTERN.exec(authorization.trim());
    return bearer === null ? undefined : (bearer[1] ?? '').trim();
  }
}
