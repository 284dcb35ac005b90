import { createHash, timingSafeEqual } from 'node:crypto';

/** A user of the sample's password login. */
export interface DemoUser {
  readonly username: string;
}

/** The demo accounts (a session demo, not an identity provider: no real password storage). */
const PASSWORDS: ReadonlyMap<string, string> = new Map([
  ['alice', 'wonderland'],
  ['bob', 'builder'],
]);

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The user `username` if `password` is theirs (compared in constant time), else undefined. */
export function checkPassword(username: string, password: string): DemoUser | undefined {
  const expected = PASSWORDS.get(username);
  // An unknown user costs the same comparison as a known one.
  const matches = timingSafeEqual(digest(expected ?? ''), digest(password));
  return expected !== undefined && matches ? { username } : undefined;
}
