/**
 * The `name=value` pair of the first cookie a response sets, from its Set-Cookie header(s) (any
 * case of the header name, one value or a list); undefined when it sets none or only clears one.
 */
export function cookieFromSetCookie(headers: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    for (const line of Array.isArray(value) ? value : [value]) {
      const pair = String(line).split(';', 1)[0]?.trim() ?? '';
      if (/^[^=]+=./.test(pair)) return pair;
    }
  }
  return undefined;
}
