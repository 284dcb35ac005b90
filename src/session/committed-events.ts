import type { SessionEvent } from './session-event.js';
import type { LoadedSession } from './session-context.js';
import type { SaveOutcome } from './session-writer.js';

/**
 * The session events of a unit of work whose commit saved `saved` (pure): `created` for a session
 * stored for the first time (not one moved from a fallback's origin), then what its controls noted,
 * in order (see `SessionChange`): an ended session's by its own handle; `loggedIn` and `renewed` only
 * when the session was written, by the handle it has now. `destroyOnly`: the unit failed and only its
 * `destroy()` was applied.
 */
export function committedEvents(
  loaded: LoadedSession,
  saved: SaveOutcome,
  at: number,
  destroyOnly = false,
): SessionEvent[] {
  const { state } = loaded;
  const written = saved.written !== undefined ? state.storedKey : undefined;
  const events: SessionEvent[] = [];
  if (!destroyOnly && written !== undefined && state.startedNew && loaded.origin === undefined)
    events.push({ type: 'created', userId: state.userId, handle: written, at });
  for (const change of state.changes ?? []) {
    if (destroyOnly && change.type !== 'destroyed') continue;
    const handle = change.handle ?? written;
    if (handle !== undefined) events.push({ type: change.type, userId: change.userId, handle, at });
  }
  return events;
}
