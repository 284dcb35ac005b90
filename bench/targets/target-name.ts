/** The apps the bench compares, in the order it runs them. */
export const TARGET_NAMES = [
  'baseline',
  'raw',
  'ours',
  'ours-compressed',
  'ours-encrypted',
  'peer',
] as const;

/**
 * - `baseline`: a Nest app with no session at all;
 * - `raw`: hand-written DynamoDB calls at the floor (one GetItem per read, GetItem + UpdateItem per write);
 * - `ours`: this library, configured as the sample app configures it;
 * - `ours-compressed`, `ours-encrypted`: the same, with `SESSION_COMPRESSION_THRESHOLD` or
 *   `SESSION_ENCRYPTION_KEYS` set (see target-session-env.ts);
 * - `peer`: express-session with connect-dynamodb.
 */
export type TargetName = (typeof TARGET_NAMES)[number];

export function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}
