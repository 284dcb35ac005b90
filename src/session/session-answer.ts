/**
 * What a unit of work's commit sends back to its client: a cookie client's Set-Cookie values, or a
 * header client's token in a response header. A transport that cannot answer (an open WebSocket)
 * drops it; the core then stores nothing its client would need to be told of.
 */
export interface SessionAnswer {
  /** Set-Cookie values: the session cookie set or cleared, the pre-session CSRF cookie, a fallback's. */
  readonly cookies: readonly string[];
  /**
   * Response headers to set: a header client's new or renewed token (`{ 'X-Session-Token': token }`),
   * empty once its session ended.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The request headers a header client's response depends on (`Vary`), so that a shared cache never
   * hands one user's answer to another: caches skip responses to `Cookie`, not to a custom header.
   */
  readonly vary?: string;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Nothing to send. */
export const NO_ANSWER: SessionAnswer = Object.freeze({ cookies: [], headers: NO_HEADERS });

/** An answer of Set-Cookie values only (none: {@link NO_ANSWER}). */
export function cookieAnswer(cookies: readonly string[]): SessionAnswer {
  return cookies.length === 0 ? NO_ANSWER : { cookies, headers: NO_HEADERS };
}

/**
 * A header client's answer: its token in `header` (`''` once its session ended; none: left as it
 * is), and the request headers the response `vary` by.
 */
export function tokenAnswer(vary: string, header: string, token?: string): SessionAnswer {
  return { cookies: [], headers: token === undefined ? NO_HEADERS : { [header]: token }, vary };
}

/** Whether `answer` sends anything. */
export function isEmptyAnswer(answer: SessionAnswer): boolean {
  return answer.cookies.length === 0 && Object.keys(answer.headers).length === 0;
}
