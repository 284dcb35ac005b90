/**
 * A time for the page, in UTC to the second (`2026-01-31 09:05:02 UTC`), so the server renders the
 * same text whatever its time zone.
 *
 * @param epochMillis - Epoch milliseconds.
 */
export function formatTime(epochMillis: number): string {
  return `${new Date(epochMillis).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
