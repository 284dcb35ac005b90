import { hash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: 43 characters. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new session id: 256 bits from the system CSPRNG, base64url. */
export function generateSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The table key of a session: SHA-256 of its id (base64url), so the table never holds a usable id. */
export function sessionKey(id: string): string {
  return hash('sha256', id, 'base64url');
}
