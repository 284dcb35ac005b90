/** The default of `SAMPLE_RECENT_LOGIN_SECONDS`: a login counts as recent for 5 minutes. */
const DEFAULT_SECONDS = 300;

/**
 * How recent a login must be for `POST /account/email`: `SAMPLE_RECENT_LOGIN_SECONDS` (whole seconds,
 * above 0), read on each request; 300 when unset.
 */
export function recentLoginSeconds(): number {
  const text = process.env['SAMPLE_RECENT_LOGIN_SECONDS']?.trim() ?? '';
  if (text === '') return DEFAULT_SECONDS;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(
      `SAMPLE_RECENT_LOGIN_SECONDS must be a whole number of seconds above 0 (got "${text}")`,
    );
  }
  return seconds;
}
