import type { SessionInput } from '../session/session-input.js';
import { clientIp, cookieHeader, forwardedProto, isHttps, userAgent } from './http-exchange.js';

/** What the session core needs from an HTTP request (Express or Fastify), read once per request. */
export function httpSessionInput(request: object): SessionInput {
  const https = isHttps(request);
  return {
    cookieHeader: cookieHeader(request),
    https,
    userAgent: userAgent(request),
    clientIp: clientIp(request),
    untrustedHttps: !https && forwardedProto(request) === 'https',
  };
}
