import { rotate } from './rotate.js';

/**
 * The order in which the members of `groups` take their turns in round `round` of the workload at
 * `workloadIndex`. The first group is group `workloadIndex + round` (counting round the list), so that
 * no target always runs first (DynamoDB Local drifts); every other round runs in reverse, so that no
 * target always runs right after the same one (what ran just before leaves the machine busier or
 * quieter: a JIT still compiling, a GC, the proxy's sockets). The members of a group run one right
 * after the other in every round, in reverse order every other round: targets a check compares (see
 * `COMPARED_TOGETHER`) are measured as close in time as they can be, so that the drift over a round
 * does not decide their comparison.
 */
export function turnOrder<T>(
  groups: readonly (readonly T[])[],
  workloadIndex: number,
  round: number,
): T[] {
  const first = workloadIndex + round;
  // Reversed, the list ends with the group it started with: rotated one further, it starts with `first`.
  return round % 2 === 0
    ? rotate(groups, first).flat()
    : rotate(groups, first + 1)
        .flat()
        .reverse();
}

/**
 * `items` in groups for {@link turnOrder}: the items of each group of `together` (by `nameOf`) that
 * `items` holds form one group, where the first of them stands in `items`, in the order `together` names
 * them; every other item is a group of its own.
 */
export function turnGroups<T, N>(
  items: readonly T[],
  nameOf: (item: T) => N,
  together: readonly (readonly N[])[],
): T[][] {
  const groupOf = (item: T) => together.find((names) => names.includes(nameOf(item)));
  const groups: T[][] = [];
  const placed = new Set<readonly N[]>();
  for (const item of items) {
    const names = groupOf(item);
    if (names === undefined) groups.push([item]);
    else if (!placed.has(names)) {
      placed.add(names);
      groups.push(names.flatMap((name) => items.filter((other) => nameOf(other) === name)));
    }
  }
  return groups;
}
