/**
 * What a session's identity (`session.userId`, the key of the user index) may be, and where one is found
 * in data kept by older versions and by express-session apps: the one identity rule of `logIn`, the
 * testing cookies, the reader and the migration.
 */

/** DynamoDB allows 2048 bytes for an index's partition key; a user id is far shorter. */
const MAX_USER_ID_LENGTH = 1024;

/** `userId` if it can be an identity; else a TypeError naming `caller`. */
export function checkUserId(userId: unknown, caller = 'session.logIn(userId)'): string {
  if (typeof userId === 'string' && userId !== '' && userId.length <= MAX_USER_ID_LENGTH)
    return userId;
  const got = typeof userId === 'string' ? `a string of ${userId.length}` : typeof userId;
  throw new TypeError(
    `${caller}: userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters (got ${got})`,
  );
}

/** `value` as an identity: a non-empty string as it is, a finite number as its decimal string. */
export function identityOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * An identity kept as the data key `userId` (a non-empty string or a finite number), as an older
 * version of this module and many express-session apps kept it; undefined when there is none.
 */
export function identityInData(data: Readonly<Record<string, unknown>>): string | undefined {
  return identityOf(data['userId']);
}

/**
 * The identity of a stored session: its top-level `userId`; without one, the data key `userId` of an
 * item an older version wrote, but never of a sealed item (its seal covers the top-level attribute
 * only: a data key someone wrote into the table must not make it another user's).
 */
export function storedIdentity(stored: {
  readonly userId?: string;
  readonly sealed?: true;
  readonly data: Readonly<Record<string, unknown>>;
}): string | undefined {
  if (stored.userId !== undefined || stored.sealed === true) return stored.userId;
  return identityInData(stored.data);
}
