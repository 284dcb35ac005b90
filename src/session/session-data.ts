import { SessionDataError } from './session-data.error.js';

/** DynamoDB nests at most 32 levels; the data map and its key take two of them. */
const MAX_DEPTH = 30;
/** The document client reads numbers beyond this magnitude back as BigInt (or fails): refuse to store them. */
const MAX_MAGNITUDE = Number.MAX_SAFE_INTEGER;
/** DynamoDB cannot store a non-zero number of smaller magnitude. */
const MIN_MAGNITUDE = 1e-130;

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

/**
 * The value to store for `key`, from its JSON. Throws a {@link SessionDataError} naming the path of
 * anything DynamoDB cannot hold or the document client cannot read back: an empty key, a number beyond
 * ±9007199254740991 or closer to zero than 1e-130, nesting deeper than 30 levels.
 */
export function storableValue(key: string, json: string): unknown {
  if (key === '') throw new SessionDataError(key, 'a session key must not be empty');
  const value: unknown = JSON.parse(json);
  check(value, key, 1);
  return value;
}

function check(value: unknown, path: string, depth: number): void {
  if (typeof value === 'number') {
    const magnitude = Math.abs(value);
    if (magnitude > MAX_MAGNITUDE || (magnitude !== 0 && magnitude < MIN_MAGNITUDE)) {
      throw new SessionDataError(
        path,
        `a number in it is outside the range a session stores (0, or ±1e-130 to ±${MAX_MAGNITUDE}); store it as a string`,
      );
    }
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH)
    throw new SessionDataError(path, `it nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => check(item, `${path}[${index}]`, depth + 1));
    return;
  }
  for (const [name, item] of Object.entries(value)) {
    if (name === '')
      throw new SessionDataError(
        path,
        'an object in it has an empty key, which DynamoDB cannot store',
      );
    check(item, `${path}.${name}`, depth + 1);
  }
}
