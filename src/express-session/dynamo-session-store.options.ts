import type { DynamoSessionModuleOptions } from '../options/dynamo-session.options.js';
import { InvalidSessionOptionsError } from '../options/invalid-session-options.error.js';
import {
  resolveSessionOptions,
  type ResolvedSessionOptions,
} from '../options/resolved-session-options.js';
import { STORE_OPTION_NAMES, type StoreOptionName } from '../options/session-option-definitions.js';

/**
 * Options of {@link DynamoSessionStore}: the table and guarantees of `DynamoSessionModule`'s options
 * (same names, defaults and checks: the module's option definitions marked `store`). express-session
 * itself signs the cookie and owns its options (`secret`, `cookie`, `rolling`, `saveUninitialized`...),
 * so those are not here.
 *
 * - `idleTimeout` (seconds, default 14 days): how long a session whose cookie has no expiry
 *   (express-session's `cookie.maxAge` unset) lives after its last write. A cookie with an expiry
 *   sets the session's end instead.
 * - `absoluteTimeout` (seconds, default 30 days): no session lives longer after its creation,
 *   whatever its cookie says.
 * - `touchAfter` (seconds, default `min(3600, idleTimeout / 10)`): `touch()` writes at most once
 *   this often for an unchanged session (express-session calls it on every request).
 */
export type DynamoSessionStoreOptions = Pick<DynamoSessionModuleOptions, StoreOptionName>;

/** The module checks a secret; the store signs nothing (express-session does), so this stands in. */
const NO_SECRET = 'unused: express-session signs the cookie, not the store';
const OWNER = 'DynamoSessionStore';

/**
 * Applies the defaults to the store's options and validates them as the module does. Throws one
 * {@link InvalidSessionOptionsError} naming every bad field (and every option the store does not
 * take). Internal.
 */
export function resolveStoreOptions(
  given: DynamoSessionStoreOptions | undefined,
): ResolvedSessionOptions {
  const names: readonly string[] = STORE_OPTION_NAMES;
  const unknown = Object.keys(given ?? {}).filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new InvalidSessionOptionsError(
      unknown.map(
        (name) =>
          `${name}: is not a DynamoSessionStore option (it takes ${names.join(', ')}; the cookie and its secret are express-session's options)`,
      ),
      OWNER,
    );
  const encryption = given?.encryption;
  if (encryption?.keyProvider !== undefined)
    throw new InvalidSessionOptionsError(
      [
        'encryption.keyProvider: DynamoSessionStore is built synchronously: call the provider first and pass its result as encryption.keys',
      ],
      OWNER,
    );
  try {
    return resolveSessionOptions({ ...given, secret: NO_SECRET });
  } catch (error) {
    if (error instanceof InvalidSessionOptionsError)
      throw new InvalidSessionOptionsError(error.problems, OWNER);
    throw error;
  }
}
