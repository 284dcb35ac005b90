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
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Nothing to send. */
export const NO_ANSWER: SessionAnswer = Object.freeze({ cookies: [], headers: NO_HEADERS });

/** An answer of Set-Cookie values only (none: {@link NO_ANSWER}). */
export function cookieAnswer(cookies: readonly string[]): SessionAnswer {
  return cookies.length === 0 ? NO_ANSWER : { cookies, headers: NO_HEADERS };
}

/** An answer of one header only: a header client's token, `''` once its session ended. */
export function tokenAnswer(header: string, token: string): SessionAnswer {
  return { cookies: [], headers: { [header]: token } };
}

/** Whether `answer` sends anything. */
export function isEmptyAnswer(answer: SessionAnswer): boolean {
  return answer.cookies.length === 0 && Object.keys(answer.headers).length === 0;
}
