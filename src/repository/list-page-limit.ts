import type { ListByUserOptions } from './session-repository.js';

/** Sessions per page of `listByUser`, by default and at most. */
const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;

/** How many sessions a page of `listByUser` holds at most; throws a RangeError for a bad `limit`. */
export function listPageLimit(options: ListByUserOptions): number {
  const limit = options.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new RangeError(`listByUser: limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  }
  return limit;
}
