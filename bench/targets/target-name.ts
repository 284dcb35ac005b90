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
 *   (`ours` reads with the default, `'auto'`), on the workloads {@link runsWorkload} names;
 * - `peer`: express-session with connect-dynamodb.
 */
export type TargetName = (typeof TARGET_NAMES)[number];

/**
 * The workloads of the read-mode variants: `ours-eventual` is there for its read units on `read`;
 * `ours-consistent` also runs the speed workloads, where it reads as `raw` does (strongly consistent),
 * so the speed against `raw` is measured at the same read mode.
 */
const READ_MODE_WORKLOADS: Partial<Record<TargetName, readonly string[]>> = {
  'ours-consistent': ['read', 'write', 'login-logout'],
  'ours-eventual': ['read'],
};

/** Whether `target` is measured on `workload` (every target on every workload but the read-mode variants). */
export function runsWorkload(target: TargetName, workload: string): boolean {
  return READ_MODE_WORKLOADS[target]?.includes(workload) ?? true;
}

export function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}
