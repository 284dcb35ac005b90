import { isIP } from 'node:net';
import type { SessionInput } from './session-input.js';

/**
 * What a new session's item records of the client whose request created it (`deviceDetails`): its
 * User-Agent (parsed into a device only when the user's sessions are listed) and its IP as the
 * transport saw it.
 */
export interface ClientDetails {
  readonly userAgent?: string;
  readonly clientIp?: string;
}

/** No client details: `deviceDetails: false`, or a client that sent none. */
export const NO_CLIENT_DETAILS: ClientDetails = Object.freeze({});

/**
 * An address as a transport read it, as stored: an IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`,
 * as a dual-stack server sees IPv4 clients) as IPv4; anything that is no IP address (a proxy's
 * header gone wrong) as none.
 */
export function clientAddress(address: string | undefined): string | undefined {
  const trimmed = address?.trim();
  if (trimmed === undefined || isIP(trimmed) === 0) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  return mapped ?? trimmed.toLowerCase();
}

/**
 * The client details of `input` to record, when `record` (`deviceDetails`). The IP is read when asked
 * for: only a session that is created records it, and reading it costs (Express works `req.ip` out
 * from the proxy settings on every read).
 */
export function clientDetailsOf(input: SessionInput, record: boolean): ClientDetails {
  if (!record) return NO_CLIENT_DETAILS;
  return {
    userAgent: input.userAgent,
    get clientIp() {
      return clientAddress(input.clientIp);
    },
  };
}
