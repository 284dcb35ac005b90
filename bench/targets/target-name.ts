/** The apps the bench compares, in the order it runs them. */
export const TARGET_NAMES = [
  'baseline',
  'raw',
  'raw-twin',
  'ours',
  'ours-compressed',
  'ours-encrypted',
  'ours-consistent',
  'ours-eventual',
  'ours-header',
  'peer',
] as const;

/**
 * - `baseline`: a Nest app with no session at all;
 * - `raw`: hand-written DynamoDB calls at the floor (one GetItem per read, GetItem + UpdateItem per write);
 * - `raw-twin`: the same app as `raw` in a process of its own, on the speed workloads: how far two
 *   identical targets differ within one run, printed next to each speed target's verdict;
 * - `ours`: this library, configured as the sample app configures it;
 * - `ours-compressed`, `ours-encrypted`: the same, with `SESSION_COMPRESSION_THRESHOLD` or
 *   `SESSION_ENCRYPTION_KEYS` set (see target-session-env.ts);
 * - `ours-consistent`, `ours-eventual`: the same with `SESSION_CONSISTENT_READ` `true` or `false`
 *   (`ours` reads with the default, `'auto'`), on the workloads {@link runsWorkload} names;
 * - `ours-header`: the same app as `ours`, whose load carries each session as a header token
 *   (`X-Session-Token`) rather than a cookie (see credential.ts), on the speed workloads;
 * - `peer`: express-session with connect-dynamodb.
 */
export type TargetName = (typeof TARGET_NAMES)[number];

/**
 * Targets the checks compare with each other, each group measured one right after the other in every
 * round (see `turnOrder`): `ours` against `peer` on app CPU; `ours-consistent` against `raw` on
 * requests/s and app CPU, with `raw-twin` (the control, against `raw`) on raw's other side.
 */
export const COMPARED_TOGETHER: readonly (readonly TargetName[])[] = [
  ['ours-consistent', 'raw', 'raw-twin'],
  ['ours', 'peer'],
];

/** The workloads the speed targets are checked on. */
const SPEED_WORKLOADS = ['read', 'write', 'login-logout'];

/**
 * The workloads of the targets that do not run them all: `ours-eventual` is there for its read units
 * on `read`; `ours-consistent` also runs the speed workloads, where it reads as `raw` does (strongly
 * consistent), so the speed against `raw` is measured at the same read mode; `ours-header` runs them
 * to show that a header client costs the DynamoDB calls of a cookie client; `raw-twin` runs them as
 * the control of the speed targets.
 */
const LIMITED_WORKLOADS: Partial<Record<TargetName, readonly string[]>> = {
  'raw-twin': SPEED_WORKLOADS,
  'ours-consistent': SPEED_WORKLOADS,
  'ours-header': SPEED_WORKLOADS,
  'ours-eventual': ['read'],
};

/** Whether `target` is measured on `workload` (every target on every workload but the limited ones). */
export function runsWorkload(target: TargetName, workload: string): boolean {
  return LIMITED_WORKLOADS[target]?.includes(workload) ?? true;
}

export function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}
