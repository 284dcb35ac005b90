import { SessionDataError } from './session-data.error.js';

/**
 * Serializes one top-level session value as JSON, the documented conversion for what is stored:
 * `Date` becomes an ISO string, `NaN`/`Infinity` and `undefined` inside arrays become `null`,
 * `undefined` and functions at an object key are dropped (a top-level `undefined` removes the key).
 * Values JSON cannot hold (BigInt, cycles) throw a {@link SessionDataError} naming the key.
 */
export function serializeSessionValue(key: string, value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new SessionDataError(key, (error as Error).message);
  }
}
