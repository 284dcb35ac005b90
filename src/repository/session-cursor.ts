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
