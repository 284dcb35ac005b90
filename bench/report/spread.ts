/** A figure measured several times (e.g. in several fresh processes): its median and its range. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Every measurement, in the order they were taken. */
  readonly samples: readonly number[];
}

/** The median of `values` (0 for none). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The {@link Spread} of `samples`, each rounded to `digits` decimals. */
export function spreadOf(samples: readonly number[], digits = 1): Spread {
  const round = (value: number): number => Math.round(value * 10 ** digits) / 10 ** digits;
  const rounded = samples.map(round);
  return {
    median: round(median(rounded)),
    min: rounded.length === 0 ? 0 : Math.min(...rounded),
    max: rounded.length === 0 ? 0 : Math.max(...rounded),
    samples: rounded,
  };
}
