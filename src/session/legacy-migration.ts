import type { ResolvedLegacyOptions } from '../options/legacy-options.js';
import type { LegacySession, LegacySessionStore } from '../repository/legacy-session-store.js';
import { identityInData, identityOf } from './identity-in-data.js';
import { LegacySessionCookie } from './legacy-session-cookie.js';

/**
 * The move from express-session + connect-dynamodb (module option `legacy`): its cookie, read and
 * cleared, and its table. Made only when the option is on, so requests pay nothing when it is off.
 */
export class LegacyMigration {
  private readonly cookie: LegacySessionCookie;

  constructor(
    options: ResolvedLegacyOptions,
    readonly store: LegacySessionStore,
  ) {
    this.cookie = new LegacySessionCookie(options);
  }

  /** The module's migration, or undefined when `legacy` is off; `store` is there whenever it is on. */
  static of(
    options: ResolvedLegacyOptions | undefined,
    store: LegacySessionStore | null | undefined,
  ): LegacyMigration | undefined {
    if (options === undefined) return undefined;
    if (store === undefined || store === null) {
      throw new Error(
        'legacy: moving sessions from connect-dynamodb needs DynamoSessionModule, which reads its table; leave the legacy option out here (DynamoSessionTestingModule has no DynamoDB)',
      );
    }
    return new LegacyMigration(options, store);
  }

  /** express-session's session id in a Cookie header, only when it verifies (no store call otherwise). */
  sidIn(header: string | undefined): string | undefined {
    return this.cookie.read(header);
  }

  /** The Set-Cookie value that removes the legacy cookie. */
  clearCookie(https: boolean): string {
    return this.cookie.clear(https);
  }
}

/**
 * What a session moved from express-session starts with: its data without express-session's own
 * `cookie` key, and its identity (`session.userId`, as `session.logIn()` sets it): Passport's user
 * (`passport.user`, an id: a non-empty string or a finite number), which Passport on this module's
 * session reads from the identity, so the `passport` key then leaves the data; else a `userId` key the
 * app kept. A `passport` key whose user is no id (a whole serialized user) stays data.
 */
export function legacySessionContents(legacy: LegacySession): {
  data: Record<string, unknown>;
  userId: string | undefined;
} {
  const data = { ...legacy.data };
  delete data['cookie'];
  const passport = data['passport'];
  const passportUser =
    typeof passport === 'object' && passport !== null
      ? identityOf((passport as Record<string, unknown>)['user'])
      : undefined;
  if (passportUser !== undefined) delete data['passport'];
  return { data, userId: passportUser ?? identityInData(data) };
}
