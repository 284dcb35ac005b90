/**
 * What changed in a session's data since it was read: the one change rule of the module's core and the
 * express-session Store. Values are compared as their JSON, top-level key by top-level key, so a write
 * sets only the keys whose JSON differs and removes the keys that are gone.
 */
export interface DataChanges {
  /** Keys whose value is new or differs from the stored one. */
  readonly set: readonly string[];
  /** Keys stored but no longer in the data. */
  readonly remove: readonly string[];
}

/** The keys to set and to remove to go from `stored` to `current` (both: key -> JSON of its value). */
export function changesBetween(
  stored: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string>,
): DataChanges {
  const set: string[] = [];
  for (const [name, json] of current) if (stored.get(name) !== json) set.push(name);
  const remove: string[] = [];
  for (const name of stored.keys()) if (!current.has(name)) remove.push(name);
  return { set, remove };
}

/** Whether `changes` changes nothing. */
export function isUnchanged(changes: DataChanges): boolean {
  return changes.set.length === 0 && changes.remove.length === 0;
}
