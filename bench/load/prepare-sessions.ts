import type { Credential } from './credential.js';
import { LARGE_KEY, READ_KEY } from './workloads.js';

/** How much data a session of the `-20k` workloads holds besides its `READ_KEY` value. */
export const LARGE_SESSION_BYTES = 20 * 1024;

/**
 * About `bytes` of JSON as an app keeps it in a session: a list of cart lines (ids, names, prices,
 * dates), repetitive as such data is, so it compresses as real sessions do rather than as text
 * repeated (far better) or random bytes (not at all).
 */
export function largeSessionValue(bytes: number, seed: number): unknown[] {
  const lines: unknown[] = [];
  for (let i = 0; JSON.stringify(lines).length < bytes; i += 1) {
    const n = (seed * 7919 + i * 104_729) % 100_000;
    lines.push({
      sku: `SKU-${String(n).padStart(6, '0')}`,
      name: `Product ${n} in size ${['S', 'M', 'L', 'XL'][n % 4]}, colour ${['red', 'blue', 'green'][n % 3]}`,
      quantity: 1 + (n % 5),
      unitPrice: Math.round(n * 1.37) / 100,
      addedAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    });
  }
  return lines;
}

async function put(
  baseUrl: string,
  path: string,
  value: unknown,
  credential: Credential,
  session?: string,
): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      ...(session === undefined ? credential.newSession : credential.send(session)),
    },
    body: JSON.stringify({ value }),
  });
  await response.arrayBuffer();
  if (!response.ok)
    throw new Error(`PUT ${path} answered ${response.status} while preparing sessions`);
  const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
  headers['set-cookie'] = response.headers.getSetCookie();
  return credential.received(headers) ?? session;
}

/**
 * Creates `count` sessions on a target through its own routes (`PUT /kv/<READ_KEY>` as a client
 * without a session, then, with `largeBytes`, `PUT /kv/<LARGE_KEY>` of that much JSON) and returns
 * them as `credential` carries them: cookies (`name=value`, from the Set-Cookie) or header tokens (from
 * the `X-Session-Token` answered to an empty one). A target without sessions (`baseline`) hands none
 * back: the list is empty.
 */
export async function prepareSessions(
  baseUrl: string,
  count: number,
  credential: Credential,
  largeBytes?: number,
): Promise<string[]> {
  const sessions: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const session = await put(
      baseUrl,
      `/kv/${READ_KEY}`,
      `value ${i} of the prepared session`,
      credential,
    );
    if (session === undefined) continue;
    if (largeBytes !== undefined) {
      await put(baseUrl, `/kv/${LARGE_KEY}`, largeSessionValue(largeBytes, i), credential, session);
    }
    sessions.push(session);
  }
  return sessions;
}
