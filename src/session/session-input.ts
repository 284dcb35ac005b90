/**
 * What the core needs from a transport to load the session of one unit of work (an HTTP request, a
 * GraphQL operation, a WebSocket message). Each adapter fills it from its platform's objects.
 */
export interface SessionInput {
  /** The Cookie header the client sent (several headers joined with `; `). */
  readonly cookieHeader: string | undefined;
  /**
   * A request header by its lower-case name (several joined with `, `), undefined when absent: where
   * `SessionTokens` finds a header client's token. Absent: the transport has no headers.
   */
  readonly header?: (name: string) => string | undefined;
  /**
   * A session token handed over outside the headers (socket.io's handshake `auth.sessionToken`,
   * graphql-ws's `connectionParams.sessionToken`), as the client sent it: it comes before the headers.
   * Undefined or null: none.
   */
  readonly sessionToken?: unknown;
  /** The unit of work came over HTTPS (decides `Secure` when `cookie.secure` is `'auto'`). */
  readonly https: boolean;
  /** The client's User-Agent, at most 512 characters (kept when `deviceDetails` is on). */
  readonly userAgent: string | undefined;
  /**
   * The client's IP address as the platform sees it (HTTP: Express's `req.ip`, Fastify's `request.ip`,
   * which honour their trusted-proxy settings), kept when `deviceDetails` is on.
   */
  readonly clientIp?: string;
  /**
   * The client says it came over HTTPS through a proxy (X-Forwarded-Proto: https) that the platform
   * does not trust: the core warns once, as the cookie then goes without `Secure`.
   */
  readonly untrustedHttps?: boolean;
  /**
   * With `consistentRead: 'auto'`, read the session strongly consistently: the transport's client
   * cannot be sent a new cookie (an open WebSocket), so its cookie's write mark does not follow the
   * writes it makes.
   */
  readonly consistentRead?: boolean;
}

/** A header as Node parsed it, as one text (several of one name joined with `, `): for `SessionInput.header`. */
export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
