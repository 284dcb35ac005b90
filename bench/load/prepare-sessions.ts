import { READ_KEY } from './workloads.js';

/**
 * Creates `count` sessions on a target through its own routes (`PUT /kv/<READ_KEY>` without a cookie)
 * and returns their cookies (`name=value`). A target without sessions (`baseline`) sets no cookie:
 * the list is empty.
 */
export async function prepareSessions(baseUrl: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${baseUrl}/kv/${READ_KEY}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: `value ${i} of the prepared session` }),
    });
    await response.arrayBuffer();
    if (!response.ok) {
      throw new Error(`PUT /kv/${READ_KEY} answered ${response.status} while preparing sessions`);
    }
    const cookie = response.headers.getSetCookie()[0]?.split(';', 1)[0];
    if (cookie !== undefined) cookies.push(cookie);
  }
  return cookies;
}
