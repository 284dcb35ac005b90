import type { INestApplicationContext } from '@nestjs/common';
import { SESSION_OPTIONS } from '../dynamo-session.constants.js';
import { SessionRepository } from '../repository/session-repository.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionClock } from '../session-clock.js';
import { SessionCookie } from '../session/session-cookie.js';
import {
  RESERVED_SESSION_KEYS,
  serializeSessionValue,
  storableValue,
} from '../session/session-data.js';
import { generateSessionId, sessionKey } from '../session/session-id.js';
import { checkUserId } from '../rules/session-identity.js';
import { expiryAfterWrite, lifetimeOf } from '../rules/session-lifetime.js';

/** What {@link createSessionCookie} stores. */
export interface SessionCookieContents {
  /** The session's data, converted as a handler's would be (JSON: a Date becomes an ISO string). */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The logged-in user, as `session.logIn(userId)` would set it. */
  readonly userId?: string;
}

/**
 * Stores a new session holding `data` (logged in as `userId` when given) in the app's session store,
 * and returns the `Cookie` request header that carries it, signed with the app's secret:
 * `request(app.getHttpServer()).get('/cart').set('Cookie', cookie)` starts a test logged in.
 *
 * `app` is the Nest application or the testing module of an app that imports
 * `DynamoSessionTestingModule` (or `DynamoSessionModule`: then the session is stored in DynamoDB).
 * The session's times are those of the module's clock.
 */
export async function createSessionCookie(
  app: Pick<INestApplicationContext, 'get'>,
  { data = {}, userId }: SessionCookieContents = {},
): Promise<string> {
  const options = app.get<symbol, ResolvedSessionOptions>(SESSION_OPTIONS);
  const repository = app.get<symbol, SessionRepository>(SessionRepository);
  const clock = app.get<symbol, SessionClock>(SessionClock);
  const stored: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    if (RESERVED_SESSION_KEYS.includes(name)) {
      throw new TypeError(
        `createSessionCookie: "${name}" is a name the session object keeps for itself (RESERVED_SESSION_KEYS), not data${name === 'userId' ? '; pass { userId } beside data to log the session in' : ''}`,
      );
    }
    const json = serializeSessionValue(name, value);
    if (json !== undefined) stored[name] = storableValue(name, json);
  }
  const details =
    userId === undefined ? {} : { userId: checkUserId(userId, 'createSessionCookie') };
  const id = generateSessionId();
  const now = clock.now();
  const expiresAt = expiryAfterWrite(now, now, lifetimeOf(options));
  await repository.create(
    sessionKey(id),
    stored,
    { createdAt: now, touchedAt: now, expiresAt },
    details,
  );
  return new SessionCookie(options.cookie, options.secrets).requestHeader(id);
}
