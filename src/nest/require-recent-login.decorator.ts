import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RECENT_LOGIN } from '../dynamo-session.constants.js';
import { checkedSeconds, type RecentLoginSeconds } from '../rules/recent-login.js';
import { SessionGuard } from './session.guard.js';

/**
 * Lets a request through only when the logged-in user proved who they are at most `maxAgeSeconds`
 * ago (`session.authenticatedAt`: their `logIn()`, or a later `reauthenticated()`): for sensitive
 * actions (changing an e-mail address or a password, paying). Applies {@link SessionGuard}, so a guest
 * gets 401; an older login gets 403 with code `REAUTHENTICATION_REQUIRED` (over GraphQL and
 * WebSockets, an error with that code), so the client can ask for the password again. No store call of
 * its own: the time is part of the session. `maxAgeSeconds` may be a function, read on each request
 * (for a value from configuration, which a decorator cannot inject).
 */
export function RequireRecentLogin(
  maxAgeSeconds: RecentLoginSeconds,
): ClassDecorator & MethodDecorator {
  if (typeof maxAgeSeconds === 'number') checkedSeconds(maxAgeSeconds);
  return applyDecorators(SetMetadata(RECENT_LOGIN, maxAgeSeconds), UseGuards(SessionGuard));
}
