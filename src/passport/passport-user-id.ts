import { identityOf } from '../rules/session-identity.js';

/**
 * The identity (`session.userId`) of what Passport's `serializeUser` gave, by the identity rule
 * (`identityOf`): a non-empty string as it is, a finite number as its decimal string; `undefined` or
 * `null` for none. Anything else (an empty string among them) is a TypeError naming the fix: the
 * identity is the key of the user index, so it must be the user's id, not the whole user.
 */
export function passportUserId(serialized: unknown): string | undefined {
  if (serialized === undefined || serialized === null) return undefined;
  const identity = identityOf(serialized);
  if (identity !== undefined) return identity;
  throw new TypeError(
    `serializeUser must give the user's id, a string or a number (got ${serialized === '' ? 'an empty string' : Array.isArray(serialized) ? 'an array' : typeof serialized}): nestjs-dynamodb-session stores it as the session's identity (session.userId, the key of the user index), and deserializeUser receives it back as a string. Serialize the id (e.g. done(null, user.id)) and look the user up in deserializeUser.`,
  );
}
