import { rotate } from './rotate.js';

/**
 * The order in which `items` take their turns in round `round` of the workload at `workloadIndex`.
 * The first is item `workloadIndex + round` (counting round the list), so that no target always runs
 * first (DynamoDB Local drifts); every other round runs in reverse, so that no target always runs right
 * after the same one (what ran just before leaves the machine busier or quieter: a JIT still compiling,
 * a GC, the proxy's sockets).
 */
export function turnOrder<T>(items: readonly T[], workloadIndex: number, round: number): T[] {
  const first = workloadIndex + round;
  // Reversed, the list ends with the item it started with: rotated one further, it starts with `first`.
  return round % 2 === 0 ? rotate(items, first) : rotate(items, first + 1).reverse();
}
