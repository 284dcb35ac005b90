import type { Logger } from '@nestjs/common';

/** The core's warnings that are logged once per process (or once per name), not once per request. */
export class SessionNotices {
  /** Reserved names found in stored data and already logged. */
  private readonly reservedLogged = new Set<string>();
  private proxyWarned = false;

  constructor(private readonly logger: Logger) {}

  /** Logs, once per name, stored data keys that the session object keeps for itself (left out). */
  reservedKeys(names: readonly string[]): void {
    const fresh = names.filter((name) => name !== 'userId' && !this.reservedLogged.has(name));
    if (fresh.length === 0) return;
    for (const name of fresh) this.reservedLogged.add(name);
    this.logger.warn(
      `A stored session holds data under ${fresh.map((name) => `"${name}"`).join(', ')}, which the session object keeps for itself (RESERVED_SESSION_KEYS): left out of the session, and of its writes. Another tool or an older version wrote it; rename the key there. Logged once per name.`,
    );
  }

  /**
   * With `cookie.secure: 'auto'`, warns once when a request seen as plain HTTP says it came over HTTPS
   * through a proxy: the app does not trust the proxy, so the cookie goes without `Secure`.
   */
  untrustedProxy(): void {
    if (this.proxyWarned) return;
    this.proxyWarned = true;
    this.logger.warn(
      "A request arrived with X-Forwarded-Proto: https but is seen as plain HTTP, so its session cookie is sent without Secure (cookie.secure: 'auto'). Behind a TLS-terminating proxy, trust it: app.set('trust proxy', 1) on Express, new FastifyAdapter({ trustProxy: true }) on Fastify; or set cookie.secure: true. Logged once.",
    );
  }
}
