/** A value put in the session cannot be stored (it has no JSON form). The message names the key. */
export class SessionDataError extends Error {
  override readonly name = 'SessionDataError';

  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(
      `Session value "${key}" cannot be stored: ${reason}. Store JSON-like values (objects, arrays, strings, numbers, booleans, null).`,
    );
  }
}
