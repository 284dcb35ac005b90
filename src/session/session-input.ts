/**
 * What the core needs from a transport to load the session of one unit of work (an HTTP request, a
 * GraphQL operation, a WebSocket message). Each adapter fills it from its platform's objects.
 */
export interface SessionInput {
  /** The Cookie header the client sent (several headers joined with `; `). */
  readonly cookieHeader: string | undefined;
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
