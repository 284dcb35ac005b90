/**
 * The decoded size of a session: the characters of JSON of all its values, given as their JSON. What
 * every later read decodes, however small compression makes it as stored; a write above the
 * `maxDecodedSize` limit is refused.
 */
export function decodedSizeOf(json: Iterable<string>): number {
  let size = 0;
  for (const value of json) size += value.length;
  return size;
}
