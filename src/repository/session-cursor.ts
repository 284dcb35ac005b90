import { CREATED_AT_ATTRIBUTE, USER_ID_ATTRIBUTE } from '../table/session-table.constants.js';
import { InvalidSessionCursorError } from './invalid-session-cursor.error.js';

/** Far longer than any position in the user index (its three key attributes). */
const MAX_CURSOR_LENGTH = 4096;

/** A position in the user index (DynamoDB's LastEvaluatedKey) as an opaque string for clients. */
export function encodeSessionCursor(position: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position a cursor stands for: an object of strings and numbers. Throws an
 * {@link InvalidSessionCursorError} for anything else; the caller checks it is the expected user's.
 */
export function decodeSessionCursor(cursor: unknown): Record<string, unknown> {
  if (typeof cursor !== 'string' || cursor === '' || cursor.length > MAX_CURSOR_LENGTH)
    throw new InvalidSessionCursorError(
      `it must be a non-empty string of at most ${MAX_CURSOR_LENGTH} characters`,
    );
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidSessionCursorError('it does not decode');
  }
  if (
    typeof position !== 'object' ||
    position === null ||
    Array.isArray(position) ||
    !Object.values(position).every((value) => ['string', 'number'].includes(typeof value))
  )
    throw new InvalidSessionCursorError('it does not decode to a position');
  return position as Record<string, unknown>;
}

/** The cursor of a position in the user index: the key, identity and creation time of a session. */
export function encodeUserIndexCursor(
  keyName: string,
  key: string,
  userId: string,
  createdAt: number,
): string {
  return encodeSessionCursor({
    [keyName]: key,
    [USER_ID_ATTRIBUTE]: userId,
    [CREATED_AT_ATTRIBUTE]: createdAt,
  });
}

/**
 * The position in the user index a cursor stands for, checked to be one of `userId`'s (its three key
 * attributes, and no other): throws an {@link InvalidSessionCursorError} for anything else.
 */
export function userIndexPosition(
  cursor: unknown,
  userId: string,
  keyName: string,
): Record<string, unknown> {
  const key = decodeSessionCursor(cursor);
  if (
    Object.keys(key).sort().join() !==
      [keyName, USER_ID_ATTRIBUTE, CREATED_AT_ATTRIBUTE].sort().join() ||
    key[USER_ID_ATTRIBUTE] !== userId ||
    typeof key[keyName] !== 'string' ||
    !Number.isFinite(key[CREATED_AT_ATTRIBUTE])
  ) {
    throw new InvalidSessionCursorError("it is not a position in this user's sessions");
  }
  return key;
}
