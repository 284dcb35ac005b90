/** The apps the bench compares, in the order it runs them. */
export const TARGET_NAMES = [
  'baseline',
  'raw',
  'ours',
  'ours-compressed',
  'ours-encrypted',
  'ours-consistent',
  'ours-eventual',
  'peer',
] as const;

/**
 * - `baseline`: a Nest app with no session at all;
 * - `raw`: hand-written DynamoDB calls at the floor (one GetItem per read, GetItem + UpdateItem per write);
 * - `ours`: this library, configured as the sample app configures it;
 * - `ours-compressed`, `ours-encrypted`: the same, with `SESSION_COMPRESSION_THRESHOLD` or
 *   `SESSION_ENCRYPTION_KEYS` set (see target-session-env.ts);
 * - `ours-consistent`, `ours-eventual`: the same with `SESSION_CONSISTENT_READ` `true` or `false`
 *   (`ours` reads with the default, `'auto'`), on the `read` workload only (see {@link runsWorkload});
 * - `peer`: express-session with connect-dynamodb.
 */
export type TargetName = (typeof TARGET_NAMES)[number];

/** The read-mode variants: their read units on the `read` workload are all they are there for. */
const READ_MODE_TARGETS: readonly TargetName[] = ['ours-consistent', 'ours-eventual'];

/** Whether `target` is measured on `workload` (every target on every workload but the read-mode variants). */
export function runsWorkload(target: TargetName, workload: string): boolean {
  return !READ_MODE_TARGETS.includes(target) || workload === 'read';
}

export function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}
