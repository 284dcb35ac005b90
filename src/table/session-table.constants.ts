/**
 * The sessions table's layout: the defaults of {@link SessionTableOptions}, of the CLI's flags and of the
 * module's options. The docs' table definitions (docs/table-definitions.md) are checked against these.
 */

/** Default table name (module option `tableName`, env `SESSION_TABLE`). */
export const DEFAULT_TABLE_NAME = 'sessions';
/** Default partition key attribute (module option `keyAttribute`). Its type is always {@link KEY_ATTRIBUTE_TYPE}. */
export const DEFAULT_KEY_ATTRIBUTE = 'id';
/** The partition key's type: a string (the SHA-256 of the session id, base64url). */
export const KEY_ATTRIBUTE_TYPE = 'S';
/** Default expiry attribute, epoch seconds: the table's TTL attribute (module option `expiresAttribute`). */
export const DEFAULT_EXPIRES_ATTRIBUTE = 'expires';
/** Default name of the global secondary index that finds a user's sessions (option `userIndexName`). */
export const DEFAULT_USER_INDEX_NAME = 'userId-index';
/** Top-level attribute holding the session's `userId` (when it has one): the user index's partition key. */
export { USER_ID_ATTRIBUTE } from '../dynamo-session.constants.js';
/** The user index's partition key type. */
export const USER_ID_ATTRIBUTE_TYPE = 'S';
/** The user index projects only the keys: it lists a user's session keys, the items are read from the table. */
export const USER_INDEX_PROJECTION = 'KEYS_ONLY';
/** Default seconds {@link createSessionTable} and {@link deleteSessionTable} wait for the table. */
export const DEFAULT_MAX_WAIT_SECONDS = 120;
