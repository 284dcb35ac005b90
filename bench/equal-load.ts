/**
 * The share of the slowest target's requests/s (in the round just measured, as fast as each answered)
 * that every target then gets in its equal-load run: low enough that each keeps up, whatever the
 * round-to-round drift.
 */
export const EQUAL_LOAD_SHARE = 0.6;

/**
 * The requests/s of a workload's equal-load runs in one round, from the requests/s each target made in
 * that round's runs as fast as it answered.
 *
 * Those runs keep every connection busy, so a target's app CPU per request there also depends on how
 * fast the rest of the machine answers it: a slower store or a busier neighbour means fewer requests per
 * turn of the event loop, and each turn's fixed cost is shared by fewer of them. At one rate for every
 * target, evenly spaced (`runPacedLoad`), each app receives the same requests at the same pace, and its
 * CPU per request is its own.
 */
export function equalLoadRate(requestsPerSecond: readonly number[]): number {
  if (requestsPerSecond.length === 0) throw new Error('no requests/s to choose an equal load from');
  return Math.max(1, Math.floor(Math.min(...requestsPerSecond) * EQUAL_LOAD_SHARE));
}

/** Answered at least this share of the offered requests in time, in every round: the target kept up. */
export const KEPT_UP_SHARE = 0.95;

/** Fewer requests than this at equal load (all rounds together) are too few for a check to read. */
export const MIN_EQUAL_LOAD_REQUESTS = 100;
