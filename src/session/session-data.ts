import { copyProperty } from '../repository/lazy-value.js';
import { SessionDataError } from './session-data.error.js';
import { CSRF_SECRET_KEY } from './session-csrf.js';
import { SESSION_CONTROL_NAMES } from './session-controls.js';

/** DynamoDB nests at most 32 levels; the data map and its key take two of them. */
const MAX_DEPTH = 30;
/** The document client reads numbers beyond this magnitude back as BigInt (or fails): refuse to store them. */
const MAX_MAGNITUDE = Number.MAX_SAFE_INTEGER;
/** DynamoDB cannot store a non-zero number of smaller magnitude. */
const MIN_MAGNITUDE = 1e-130;

/** Names the session object keeps for itself: a handler cannot use them as data keys. */
export const RESERVED_SESSION_KEYS: readonly string[] = Object.freeze([
  ...SESSION_CONTROL_NAMES,
  CSRF_SECRET_KEY,
]);

const RESERVED = new Set(RESERVED_SESSION_KEYS);

/**
 * Stored data without the names the session object keeps for itself (an item written by another tool
 * or an older version may hold them): the data a session can be made of, and the names left out.
 */
export function withoutReservedKeys(data: Readonly<Record<string, unknown>>): {
  data: Record<string, unknown>;
  reserved: string[];
} {
  const kept: Record<string, unknown> = {};
  const reserved: string[] = [];
  for (const key of Object.keys(data)) {
    // The CSRF secret is the library's own, stored under a reserved name: it loads (into the state).
    if ((RESERVED.has(key) && key !== CSRF_SECRET_KEY) || key === '__proto__') reserved.push(key);
    else copyProperty(data, kept, key); // an undecoded value stays undecoded
  }
  return { data: kept, reserved };
}

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
  const problem = problemIn(value, key, 1);
  if (problem !== undefined) throw new SessionDataError(problem.path, problem.reason);
  return value;
}

/**
 * Why `value` cannot be stored in a session, or undefined when it can (after the JSON conversion
 * described in docs/sessions.md). Use it to answer bad client input with a 400 before it reaches the
 * session.
 */
export function sessionValueProblem(value: unknown): string | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return (error as Error).message;
  }
  if (json === undefined) return undefined;
  const problem = problemIn(JSON.parse(json), 'value', 1);
  return problem === undefined ? undefined : `${problem.path}: ${problem.reason}`;
}

interface Problem {
  readonly path: string;
  readonly reason: string;
}

function problemIn(value: unknown, path: string, depth: number): Problem | undefined {
  if (typeof value === 'number') {
    const magnitude = Math.abs(value);
    if (magnitude > MAX_MAGNITUDE || (magnitude !== 0 && magnitude < MIN_MAGNITUDE)) {
      const range = `0, or ±1e-130 to ±${MAX_MAGNITUDE}`;
      return {
        path,
        reason: `a number in it is outside the range a session stores (${range}); store it as a string`,
      };
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_DEPTH) return { path, reason: `it nests deeper than ${MAX_DEPTH} levels` };
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index): [string, unknown] => [`${path}[${index}]`, item])
    : Object.entries(value).map(([name, item]): [string, unknown] => [`${path}.${name}`, item]);
  if (!Array.isArray(value) && Object.keys(value).includes('')) {
    return { path, reason: 'an object in it has an empty key, which DynamoDB cannot store' };
  }
  for (const [itemPath, item] of entries) {
    const problem = problemIn(item, itemPath, depth + 1);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
