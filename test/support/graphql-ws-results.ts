import type { Client, FormattedExecutionResult } from 'graphql-ws';

/** One result of a subscription as the graphql-ws client gives it. */
export type SubscriptionResult = FormattedExecutionResult<Record<string, unknown>, unknown>;

/**
 * The results of a subscription on `client` until it completes. An `error` message, with which
 * Mercurius answers a subscription that fails before its first event (the client throws its errors),
 * counts as one result with those errors, as Apollo sends them (a `next` message, then `complete`).
 * A closed connection is thrown.
 */
export async function subscriptionResults(
  client: Client,
  query: string,
): Promise<SubscriptionResult[]> {
  const all: SubscriptionResult[] = [];
  try {
    for await (const result of client.iterate({ query })) all.push(result);
  } catch (error) {
    if (!Array.isArray(error)) throw error;
    all.push({ errors: error as SubscriptionResult['errors'] });
  }
  return all;
}
