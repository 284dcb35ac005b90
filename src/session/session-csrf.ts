import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The top-level data key under which a session's CSRF secret is stored. It is reserved: handlers
 * never see it among the session's keys and cannot assign it.
 */
export const CSRF_SECRET_KEY = '_csrfSecret';

const SALT_BYTES = 16;
/** `salt.mac`, both base64url: 22 + 1 + 43 characters. */
const TOKEN_LENGTH = 66;

function mac(secret: string, salt: string): Buffer {
  return createHmac('sha256', secret).update(salt).digest();
}

/** A new per-session CSRF secret: 32 random bytes, base64url. */
export function generateCsrfSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A CSRF token for the session holding `secret`: a random salt and the HMAC-SHA256 of it under the
 * secret. Every call gives another token (so a compressed, encrypted page leaks nothing about it,
 * against BREACH); every token of the secret verifies until the secret changes.
 */
export function csrfTokenFor(secret: string): string {
  const salt = randomBytes(SALT_BYTES).toString('base64url');
  return `${salt}.${mac(secret, salt).toString('base64url')}`;
}

/** Whether `token` was made by {@link csrfTokenFor} for `secret`. Compares in constant time. */
export function csrfTokenMatches(secret: string | undefined, token: unknown): boolean {
  if (secret === undefined || typeof token !== 'string' || token.length !== TOKEN_LENGTH) {
    return false;
  }
  const [salt = '', given = ''] = token.split('.');
  const expected = mac(secret, salt);
  const actual = Buffer.from(given, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
