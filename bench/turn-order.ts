import { rotate } from './rotate.js';

/**
 * The order in which `items` take their turns in round `round` of the workload at `workloadIndex`:
 * rotated, so that no target always runs first (DynamoDB Local drifts), and reversed every other round,
 * so that no target always runs right after the same one (what ran just before leaves the machine
 * busier or quieter: a JIT still compiling, a GC, the proxy's sockets).
 */
export function turnOrder<T>(items: readonly T[], workloadIndex: number, round: number): T[] {
  const rotated = rotate(items, workloadIndex + round);
  return round % 2 === 0 ? rotated : rotated.reverse();
}
