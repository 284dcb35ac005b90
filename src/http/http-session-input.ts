import type { SessionInput } from '../session/session-input.js';
import {
  clientIp,
  cookieHeader,
  forwardedProto,
  isHttps,
  requestHeader,
  userAgent,
} from './http-exchange.js';

/** What the session core needs from an HTTP request (Express or Fastify), read once per request. */
export function httpSessionInput(request: object): SessionInput {
  const https = isHttps(request);
  return {
    cookieHeader: cookieHeader(request),
    header: (name) => requestHeader(request, name),
    https,
    userAgent: userAgent(request),
    // Read only for a session that is created (Express works `req.ip` out on every read).
    get clientIp() {
      return clientIp(request);
    },
    untrustedHttps: !https && forwardedProto(request) === 'https',
  };
}
