/**
 * The default sessions table's user index and key attributes, written out literally: what the specs
 * expect the library to create and check, kept apart from the code under test (so a change to the
 * library's own constants cannot silently change what the specs expect).
 */

/** The default user index as CreateTable takes it (no throughput, no status). */
export const DEFAULT_USER_INDEX = {
  IndexName: 'userId-index',
  KeySchema: [
    { AttributeName: 'userId', KeyType: 'HASH' as const },
    { AttributeName: 'createdAt', KeyType: 'RANGE' as const },
  ],
  Projection: {
    ProjectionType: 'INCLUDE' as const,
    NonKeyAttributes: ['touchedAt', 'expires', 'userAgent', 'clientIp'],
  },
};

/** The attribute definitions of the default table: its key and the user index's keys. */
export const DEFAULT_TABLE_ATTRIBUTES = [
  { AttributeName: 'id', AttributeType: 'S' as const },
  { AttributeName: 'userId', AttributeType: 'S' as const },
  { AttributeName: 'createdAt', AttributeType: 'N' as const },
];

/** A fresh copy of {@link DEFAULT_USER_INDEX}, for a spec that changes it. */
export function defaultUserIndex(): typeof DEFAULT_USER_INDEX {
  return structuredClone(DEFAULT_USER_INDEX);
}
