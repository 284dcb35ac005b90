/**
 * The sessions table's layout, in one place: its item's attributes, and the defaults of
 * {@link SessionTableOptions}, of the CLI's flags and of the module's options. The repository reads and
 * writes items by these names; the docs' table definitions (docs/table-definitions.md) are checked
 * against them.
 */

/** Attribute holding the creation time (epoch ms). */
export const CREATED_AT_ATTRIBUTE = 'createdAt';
/** Top-level attribute holding the session's identity (`session.userId`): the key of the user index. */
export const USER_ID_ATTRIBUTE = 'userId';
/**
 * Attribute holding when a session's identity last proved itself (epoch ms), written only when that
 * is later than its creation (`session.reauthenticated()`, or a login again as the same user); sealed.
 */
export const AUTHENTICATED_AT_ATTRIBUTE = 'authenticatedAt';
/** Attribute holding the User-Agent a session was created with (`deviceDetails`). */
export const USER_AGENT_ATTRIBUTE = 'userAgent';
/**
 * Attribute holding the client IP a session was created from, as the platform sees it (Express's
 * `trust proxy`, Fastify's `trustProxy`) (`deviceDetails`).
 */
export const CLIENT_IP_ATTRIBUTE = 'clientIp';
/** Attribute holding the time of the last write (epoch ms). */
export const TOUCHED_AT_ATTRIBUTE = 'touchedAt';
/**
 * Attribute holding the session's exact end (epoch ms), which reads and conditional writes check; the
 * TTL attribute (`expiresAttribute`, epoch seconds, rounded up) is only for DynamoDB's TTL deletion.
 * Items written before it existed are read by their TTL attribute.
 */
export const EXPIRES_AT_MS_ATTRIBUTE = 'expiresAtMs';
/**
 * Attribute holding the item's seal (binary): an HMAC of its table key, identity and creation, so
 * that a change made outside the library is refused (see `ItemSeal`).
 */
export const SEAL_ATTRIBUTE = 'seal';
/**
 * Attribute holding the item's end seal (binary): an HMAC of its table key and exact end
 * (`expiresAtMs`), written with every write (see `ItemSeal.sealEnd`).
 */
export const END_SEAL_ATTRIBUTE = 'endSeal';

/** DynamoDB table and index names: 3 to 255 of letters, digits, `_`, `-`, `.`. */
export const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
/** {@link TABLE_NAME_PATTERN} in words, for error messages. */
export const TABLE_NAME_RULE = '3 to 255 letters, digits, "_", "-" or "."';

/** Default table name (module option `tableName`, env `SESSION_TABLE`). */
export const DEFAULT_TABLE_NAME = 'sessions';
/** Default partition key attribute (module option `keyAttribute`). Its type is always {@link KEY_ATTRIBUTE_TYPE}. */
export const DEFAULT_KEY_ATTRIBUTE = 'id';
/** The partition key's type: a string (the SHA-256 of the session id, base64url). */
export const KEY_ATTRIBUTE_TYPE = 'S';
/** Default expiry attribute, epoch seconds: the table's TTL attribute (module option `expiresAttribute`). */
export const DEFAULT_EXPIRES_ATTRIBUTE = 'expires';
/** Default attribute holding the session's data map (module option `dataAttribute`). */
export const DEFAULT_DATA_ATTRIBUTE = 'data';
/** Default name of the global secondary index that finds a user's sessions (option `userIndexName`). */
export const DEFAULT_USER_INDEX_NAME = 'userId-index';
/** The user index's partition key type. */
export const USER_ID_ATTRIBUTE_TYPE = 'S';
/** The user index's sort key: a session's creation time (epoch ms), so a user's sessions list newest first. */
export const USER_INDEX_SORT_KEY = CREATED_AT_ATTRIBUTE;
/** The user index's sort key type. */
export const USER_INDEX_SORT_KEY_TYPE = 'N';
/**
 * The user index projects the summary attributes a listing shows (see {@link userIndexProjectedAttributes}),
 * never the data: a user's sessions are listed from the index alone, at a fraction of a read unit each.
 */
export const USER_INDEX_PROJECTION = 'INCLUDE';
/**
 * The attributes the user index projects besides the keys: `touchedAt`, the expiry attribute,
 * `userAgent`, `clientIp`.
 */
export function userIndexProjectedAttributes(
  expiresAttribute = DEFAULT_EXPIRES_ATTRIBUTE,
): string[] {
  return [TOUCHED_AT_ATTRIBUTE, expiresAttribute, USER_AGENT_ATTRIBUTE, CLIENT_IP_ATTRIBUTE];
}

/** The user index as CreateTable and UpdateTable take it (without throughput). Internal. */
export function userIndexDefinition(indexName: string, expiresAttribute: string) {
  return {
    IndexName: indexName,
    KeySchema: [
      { AttributeName: USER_ID_ATTRIBUTE, KeyType: 'HASH' as const },
      { AttributeName: CREATED_AT_ATTRIBUTE, KeyType: 'RANGE' as const },
    ],
    Projection: {
      ProjectionType: USER_INDEX_PROJECTION,
      NonKeyAttributes: userIndexProjectedAttributes(expiresAttribute),
    } as const,
  };
}

/** The attribute definitions the user index needs. Internal. */
export const USER_INDEX_ATTRIBUTE_DEFINITIONS = [
  { AttributeName: USER_ID_ATTRIBUTE, AttributeType: USER_ID_ATTRIBUTE_TYPE },
  { AttributeName: CREATED_AT_ATTRIBUTE, AttributeType: USER_INDEX_SORT_KEY_TYPE },
] as const;
/** Default seconds {@link createSessionTable} and {@link deleteSessionTable} wait for the table. */
export const DEFAULT_MAX_WAIT_SECONDS = 120;
