import type session from 'express-session';
import type { ExpressSessionCookie } from './express-session-expiry.js';

type Data = Record<string, unknown>;

/** The session as it is stored: its enumerable data through JSON (express-session's cookie included). */
export function plainData(sessionData: session.SessionData | Data): Data {
  const json = JSON.stringify(sessionData) as string | undefined;
  const data: unknown = json === undefined ? undefined : JSON.parse(json);
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new TypeError(
      'DynamoSessionStore.set: the session must be an object (express-session passes req.session)',
    );
  return data as Data;
}

export const cookieOf = (data: Data): ExpressSessionCookie | undefined =>
  data['cookie'] as ExpressSessionCookie | undefined;

/** The JSON of each top-level value: what a write compares to find what changed. */
export function valuesOf(data: Data): Map<string, string> {
  return new Map(Object.entries(data).map(([name, value]) => [name, JSON.stringify(value)]));
}
