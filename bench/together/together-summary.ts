/** One round of `npm run bench:together`: the CPU per request of both targets over the same seconds. */
export interface TogetherRound {
  /** CPU time (user + system) per response, in µs: the first target's, then the second's. */
  readonly cpuUs: readonly [number, number];
}

/** What the rounds say of the second target against the first. */
export interface TogetherSummary {
  /** The second target's CPU per request over the first's, per round. */
  readonly ratios: readonly number[];
  readonly median: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/** The ratios of `rounds` (second over first) and their median, mean and range. */
export function summarizeTogether(rounds: readonly TogetherRound[]): TogetherSummary {
  if (rounds.length === 0) throw new Error('no round to summarize');
  const ratios = rounds.map(({ cpuUs: [first, second] }) => {
    if (!(first > 0) || !(second > 0)) throw new Error('a round measured no CPU for a target');
    return second / first;
  });
  const sorted = [...ratios].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return {
    ratios,
    median,
    mean: ratios.reduce((sum, ratio) => sum + ratio, 0) / ratios.length,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}
