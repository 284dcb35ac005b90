import { changesBetween, isUnchanged, type DataChanges } from '../rules/session-changes.js';
import { decodedSizeOf } from '../rules/session-decoded-size.js';
import { isUndecoded } from '../repository/lazy-value.js';
import { SessionIntegrityError } from '../repository/session-integrity.error.js';
import { touchIsDue } from '../rules/session-touch.js';
import { SessionTooLargeError } from '../repository/session-too-large.error.js';
import type { SessionTimes } from '../repository/session-repository.js';
import { CSRF_SECRET_KEY } from './session-csrf.js';
import { serializeSessionValue, storableValue } from './session-data.js';
import { UNREAD, type SessionState } from './session-state.js';

/**
 * What a unit of work must write, decided from its session alone (pure): the values it holds now,
 * what changed since they were read, whether an unchanged session is extended, whether a new one is
 * stored at all. The writer carries the plan out.
 */

/** The JSON of each value `session` holds now, and its CSRF secret: what a write compares and stores. */
export function currentValues(
  session: Readonly<Record<string, unknown>>,
  state: SessionState,
): Map<string, string> {
  const current = new Map<string, string>();
  for (const key of Object.keys(session)) {
    // A value no handler read is as it was read: not decoded to find that out.
    if (isUndecoded(session, key)) {
      current.set(key, UNREAD);
      continue;
    }
    const json = serializeSessionValue(key, session[key]);
    if (json !== undefined) current.set(key, json);
  }
  if (state.csrfSecret !== undefined)
    current.set(CSRF_SECRET_KEY, JSON.stringify(state.csrfSecret));
  return current;
}

/**
 * `current` (see {@link currentValues}) with every value no handler read now read, and its JSON in
 * place: what a write that stores the session's data needs (its values, and their decoded size for
 * `maxDecodedSize`). A unit that writes nothing, or only extends the session, reads none. Reading a
 * value takes its JSON into the snapshot (see `createSession`), which is its JSON here too: nothing
 * changed it since. A value that does not decode (a compressed value a table writer broke) is handed
 * to `undecodable` and left out of the session, so that the write removes it rather than failing
 * every later write.
 */
export function withDecodedValues(
  session: Record<string, unknown>,
  state: SessionState,
  current: ReadonlyMap<string, string>,
  undecodable: (error: SessionIntegrityError) => void,
): Map<string, string> {
  const decoded = new Map(current);
  for (const [key, currentJson] of current) {
    if (currentJson !== UNREAD) continue;
    let value: unknown;
    try {
      value = session[key];
    } catch (error) {
      if (!(error instanceof SessionIntegrityError)) throw error;
      undecodable(error);
      delete session[key];
      decoded.delete(key);
      continue;
    }
    // Its JSON as the read just took it into the snapshot; made here when the snapshot no longer
    // stands for it (a regenerate started an empty one).
    const taken = state.snapshot.get(key);
    const json =
      taken !== undefined && taken !== UNREAD ? taken : serializeSessionValue(key, value);
    if (json === undefined) decoded.delete(key);
    else decoded.set(key, json);
  }
  return decoded;
}

/**
 * The data to store: every value checked for what DynamoDB can hold, and all of them together against
 * `maxDecodedSize` (a {@link SessionTooLargeError} above it, see `decodedSizeOf`). With `read` (the data
 * as it was read from the store), a value other than the `written` ones is taken as read: it is stored
 * already, so it is neither parsed nor checked again.
 */
export function storableData(
  current: ReadonlyMap<string, string>,
  maxDecodedSize: number,
  read?: { readonly data: Readonly<Record<string, unknown>>; readonly written: readonly string[] },
): Record<string, unknown> {
  checkDecodedSize(current, maxDecodedSize);
  const stored = read?.data ?? {};
  const written = new Set(read?.written);
  const data: Record<string, unknown> = {};
  for (const [name, json] of current) {
    const asRead = read !== undefined && !written.has(name) && Object.hasOwn(stored, name);
    data[name] = asRead ? stored[name] : storableValue(name, json);
  }
  return data;
}

/**
 * Whether a session that the store could not be read for (`failOpen`) was asked to change: then the
 * unit fails, as the change cannot be saved.
 */
export function askedToChange(
  session: Readonly<Record<string, unknown>>,
  state: SessionState,
): boolean {
  return (
    Object.keys(session).length > 0 ||
    state.userId !== undefined ||
    state.destroyed ||
    state.touchRequested
  );
}

/**
 * Whether a new session is stored: it holds data, an identity, or `saveUninitialized` keeps it. A CSRF
 * secret alone is not worth a write: it stays in the pre-session cookie (see `csrfCookieValues`), and
 * is stored with the session once the session is.
 */
export function holdsAnything(
  state: SessionState,
  current: ReadonlyMap<string, string>,
  saveUninitialized: boolean,
): boolean {
  const data = current.size - (current.has(CSRF_SECRET_KEY) ? 1 : 0);
  // A logged-in session is stored even without data: its identity is what it holds.
  return data > 0 || state.userId !== undefined || (saveUninitialized && !state.destroyed);
}

/** A write to a stored session: the keys to set and remove (both empty: an extension). */
export interface StoredWrite extends DataChanges {
  /** Something in the data changed: a write that finds the session gone is a conflict. */
  readonly changed: boolean;
}

/**
 * What to write to the stored session of `state` for `current` and the new `times`: its changed keys
 * (and an identity moving out of the data); else an extension when the touch rule says it is due;
 * else undefined, nothing.
 */
export function storedWrite(
  state: SessionState,
  current: ReadonlyMap<string, string>,
  times: SessionTimes,
  touchAfterMs: number,
): StoredWrite | undefined {
  const changes = changesBetween(state.snapshot, current);
  const changed = !isUnchanged(changes);
  if (changed || state.identityFromData) return { ...changes, changed };
  const timing = {
    lastWrite: state.touchedAt,
    now: times.touchedAt,
    extendedUntil: times.expiresAt,
    storedUntil: state.expiresAt,
    touchAfterMs,
  };
  return touchIsDue(timing, state.touchRequested) ? { ...changes, changed } : undefined;
}

/** Whether the session still holds exactly what it was read with (nothing of the unit would be lost). */
export function holdsWhatWasRead(
  state: SessionState,
  current: ReadonlyMap<string, string>,
): boolean {
  return isUnchanged(changesBetween(state.snapshot, current));
}

/** Throws {@link SessionTooLargeError} when the JSON of the values `json` passes `maxDecodedSize`. */
export function checkDecodedSize(json: ReadonlyMap<string, string>, maxDecodedSize: number): void {
  const size = decodedSizeOf(json.values());
  if (size > maxDecodedSize) throw new SessionTooLargeError(size, maxDecodedSize, 'maxDecodedSize');
}
