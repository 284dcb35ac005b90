import type { Session, SessionData } from '../src/index.js';

/** What the sample keeps in a session (the logged-in user is `session.userId`, set by `logIn()`). */
export interface SampleSessionData extends SessionData {
  /** How many times `POST /visits` was called in this session. */
  visits?: number;
  /** The guest cart: it survives login, since login regenerates the session keeping its data. */
  cart?: string[];
  /** The account's e-mail address, as `POST /account/email` last set it. */
  email?: string;
}

/** The session as the sample's handlers see it. */
export type SampleSession = Session<SampleSessionData>;

/**
 * The visits counter of a session. `PUT /kv/visits` can store anything there, so a value that is
 * not a count reads as 0.
 */
export function visitsOf(session: SampleSession): number {
  const visits: unknown = session.visits;
  return typeof visits === 'number' && Number.isSafeInteger(visits) && visits >= 0 ? visits : 0;
}

/**
 * The cart of a session as a list of strings. `PUT /kv/cart` can store anything there: a value
 * that is not a list reads as an empty cart, an entry that is not a string as its JSON.
 */
export function cartOf(session: SampleSession): string[] {
  const cart: unknown = session.cart;
  if (!Array.isArray(cart)) return [];
  return cart.map((item: unknown) => (typeof item === 'string' ? item : JSON.stringify(item)));
}
