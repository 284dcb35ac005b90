/**
 * A session's handle: its table key, the SHA-256 of its id in base64url (43 characters). Safe to show
 * its owner (`session.handle`, a listed session's `key`), useless as a credential.
 */
const HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` has the form of a handle: anything else names no session, and costs no store call. */
export function isSessionHandle(value: unknown): value is string {
  return typeof value === 'string' && HANDLE_PATTERN.test(value);
}
