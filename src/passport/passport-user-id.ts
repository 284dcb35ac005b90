import { identityOf } from '../rules/session-identity.js';

/**
 * How an app's serialized user gives the session's identity when `serializeUser` gives more than an id
 * (the whole user): `DynamoSessionPassportModule.register({ userIdOf })`. Answers the user's id (a
 * non-empty string or a finite number), or undefined when it has none.
 */
export type PassportUserIdOf = (serializedUser: object) => unknown;

/** The provider of the app's {@link PassportUserIdOf} (`DynamoSessionPassportModule.register`). */
export const PASSPORT_USER_ID_OF = Symbol('PassportUserIdOf');

/** By default, the `id` of the serialized user (as Passport's docs write `done(null, user)` with). */
export const DEFAULT_PASSPORT_USER_ID_OF: PassportUserIdOf = (user) =>
  (user as { id?: unknown }).id;

/** What `serializeUser` gave, as the session keeps it. */
export interface PassportLogin {
  /** The session's identity (`session.userId`): the key of the user index and "log out everywhere". */
  readonly userId: string;
  /**
   * What `deserializeUser` is given back when it is more than the id (an object): stored with the
   * session's data, as express-session stores it. Absent when `serializeUser` gave the id itself.
   */
  readonly user?: object;
}

/**
 * The login of what Passport's `serializeUser` gave: an id (a non-empty string as it is, a finite
 * number as its decimal string), or an object whose `userIdOf` is one, kept whole for
 * `deserializeUser`; undefined for `undefined` or `null`. Anything else is a TypeError naming the fix.
 */
export function passportLogin(
  serialized: unknown,
  userIdOf: PassportUserIdOf = DEFAULT_PASSPORT_USER_ID_OF,
): PassportLogin | undefined {
  if (serialized === undefined || serialized === null) return undefined;
  const identity = identityOf(serialized);
  if (identity !== undefined) return { userId: identity };
  if (typeof serialized === 'object' && !Array.isArray(serialized)) {
    const userId = userIdOfUser(serialized, userIdOf);
    if (userId !== undefined) return { userId, user: serialized };
    throw new TypeError(
      'serializeUser gave an object with no id: nestjs-dynamodb-session takes the session\'s identity (session.userId, the key of the user index) from its "id", a non-empty string or a number. Give the user an id, serialize the id (done(null, user.id)), or say where the id is with DynamoSessionPassportModule.register({ userIdOf: (user) => user.userId }).',
    );
  }
  throw new TypeError(
    `serializeUser must give the user's id (a string or a number) or the user (an object with an id), got ${serialized === '' ? 'an empty string' : Array.isArray(serialized) ? 'an array' : typeof serialized}: nestjs-dynamodb-session stores the id as the session's identity (session.userId, the key of the user index). Serialize the id (e.g. done(null, user.id)) or the user.`,
  );
}

/** The identity of a serialized user (an object), by `userIdOf` and the identity rule; undefined for none. */
export function userIdOfUser(user: object, userIdOf: PassportUserIdOf): string | undefined {
  return identityOf(userIdOf(user));
}
