/**
 * How a session is read when nothing asks otherwise: the one consistent-read default of the core and
 * the repository. `consistentRead: false` reads eventually consistently; `true` and `'auto'` (whose
 * eventual first read the core asks for explicitly) strongly consistently.
 */
export function readsConsistentlyByDefault(mode: boolean | 'auto'): boolean {
  return mode !== false;
}
