import type { ConsistentReadMode } from '../options/dynamo-session.options.js';
import type { SessionRepository, StoredSession } from '../repository/session-repository.js';
import { readsConsistentlyByDefault } from '../rules/session-consistency.js';

/** A stored session, and whether the read that answered it was strongly consistent. */
export interface StoredRead {
  readonly stored: StoredSession;
  readonly consistent: boolean;
}

/**
 * The consistency policy: reads the session under `key` as `mode` (the option `consistentRead`) says.
 * With `'auto'`: an eventually consistent read, whose answer is taken unless it could be stale for this
 * client — no item (a miss), or a version older than the cookie's write `mark` — and then exactly one
 * strongly consistent read answers. A cookie without a mark, and a `consistent` load (a guard, a
 * WebSocket message), read consistently.
 */
export async function readStored(
  repository: SessionRepository,
  mode: ConsistentReadMode,
  key: string,
  mark: number | undefined,
  consistent: boolean,
  withEnded = false,
): Promise<StoredRead | undefined> {
  if (mode !== 'auto' || consistent || mark === undefined) {
    const strong = consistent || readsConsistentlyByDefault(mode);
    const stored = await repository.get(key, { consistent: strong, withEnded });
    return stored === undefined ? undefined : { stored, consistent: strong };
  }
  const eventual = await repository.get(key, { consistent: false, withEnded });
  if (eventual !== undefined && eventual.touchedAt >= mark) {
    return { stored: eventual, consistent: false };
  }
  const stored = await repository.get(key, { consistent: true, withEnded });
  return stored === undefined ? undefined : { stored, consistent: true };
}

/**
 * The write mark a cookie carries for the version of the session written at `touchedAt`: only with
 * `consistentRead: 'auto'`, the one mode that reads it (so the other modes issue the cookies of
 * versions before it).
 */
export function writeMarkOf(mode: ConsistentReadMode, touchedAt: number): number | undefined {
  return mode === 'auto' ? touchedAt : undefined;
}
