import type { Request } from 'autocannon';
import type { Credential } from './credential.js';

/** The workloads, in the order the bench runs them on each target. */
export const WORKLOAD_NAMES = [
  'anonymous',
  'read',
  'write',
  'login-logout',
  'read-20k',
  'write-20k',
] as const;

export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** The key every prepared session holds (read by the `read` workload). */
export const READ_KEY = 'k0';
/** The key the `write` workload sets, to a new value on every request. */
export const WRITE_KEY = 'k1';
/** The key holding the 20 KB of the sessions of the `-20k` workloads. */
export const LARGE_KEY = 'cart';

/** A workload: what it does, and the autocannon request sequence each connection repeats. */
export interface Workload {
  readonly name: WorkloadName;
  readonly description: string;
  /** Whether it runs on sessions prepared beforehand (sent round-robin, each as the target's credential). */
  readonly usesSessions: boolean;
  /** Whether those sessions also hold 20 KB of data (`LARGE_KEY`): the `-20k` workloads. */
  readonly largeSessions?: boolean;
  /**
   * A fresh sequence (with its own counters) for one autocannon run, on the prepared `sessions`, each
   * carried and handed back as `credential` says (a cookie, or a header token).
   */
  requests(sessions: readonly string[], credential: Credential): Request[];
}

/**
 * Hands out the prepared sessions round-robin, one per request, over all connections, as the headers
 * of `credential` (none when there are no sessions: `baseline` sets none).
 */
function roundRobin(
  sessions: readonly string[],
  credential: Credential,
): () => Record<string, string> {
  let next = 0;
  return () => {
    const session = sessions[next++ % Math.max(sessions.length, 1)];
    return session === undefined ? {} : credential.send(session);
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * The values the `write` workload sends: one counter for the whole bench process, so that no value
 * repeats across warm-ups and rounds. A repeated value would be no change at all, which this library
 * rightly does not write.
 */
let writtenValues = 0;

/** `GET /kv/<READ_KEY>` on `sessions`, round-robin. */
function readRequests(sessions: readonly string[], credential: Credential): Request[] {
  const session = roundRobin(sessions, credential);
  return [
    {
      method: 'GET',
      path: `/kv/${READ_KEY}`,
      setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...session() } }),
    },
  ];
}

/** `PUT /kv/<WRITE_KEY>` of a value never sent before, on `sessions`, round-robin. */
function writeRequests(sessions: readonly string[], credential: Credential): Request[] {
  const session = roundRobin(sessions, credential);
  return [
    {
      method: 'PUT',
      path: `/kv/${WRITE_KEY}`,
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, ...JSON_HEADERS, ...session() },
        body: JSON.stringify({ value: (writtenValues += 1) }),
      }),
    },
  ];
}

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'anonymous',
    description: 'GET /health without a cookie (the route does not use the session)',
    usesSessions: false,
    requests: () => [{ method: 'GET', path: '/health' }],
  },
  {
    name: 'read',
    description: `GET /kv/${READ_KEY} with the cookie (or header token) of a session holding "${READ_KEY}"`,
    usesSessions: true,
    requests: readRequests,
  },
  {
    name: 'write',
    description: `PUT /kv/${WRITE_KEY} {"value": <a number never sent before>} on an existing session`,
    usesSessions: true,
    requests: writeRequests,
  },
  {
    name: 'login-logout',
    description:
      'POST /auth/login {"username"} without a session, then POST /auth/logout with the one it handed back (an autocannon request sequence)',
    usesSessions: false,
    requests: (_sessions, credential) => {
      let counter = 0;
      return [
        {
          method: 'POST',
          path: '/auth/login',
          setupRequest: (request) => ({
            ...request,
            headers: { ...JSON_HEADERS, ...credential.newSession },
            body: JSON.stringify({ username: `user-${(counter += 1)}` }),
          }),
          onResponse: (_status, _body, context, headers) => {
            (context as { session?: string }).session = credential.received(headers ?? {});
          },
        },
        {
          method: 'POST',
          path: '/auth/logout',
          setupRequest: (request, context) => {
            const session = (context as { session?: string }).session;
            return { ...request, headers: session === undefined ? {} : credential.send(session) };
          },
        },
      ];
    },
  },
  {
    name: 'read-20k',
    description: `GET /kv/${READ_KEY} on a session that also holds about 20 KB of JSON under "${LARGE_KEY}" (what compression saves on reads)`,
    usesSessions: true,
    largeSessions: true,
    requests: readRequests,
  },
  {
    name: 'write-20k',
    description: `PUT /kv/${WRITE_KEY} {"value": <new>} on a session that also holds about 20 KB of JSON (DynamoDB bills an update by the whole item)`,
    usesSessions: true,
    largeSessions: true,
    requests: writeRequests,
  },
];
