import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type SignerOf = DynamoDBClient['config']['signer'];

/**
 * A client the module builds (no `client` option) is tuned for what a session costs per request; a
 * client the application passed is left as it is, so its tracing, retry strategy and middleware see every
 * call through `client.send`.
 */
const tuned = new WeakSet<object>();

/**
 * Tunes `base`, a client the module built, and the document client over it: its signer is kept
 * ({@link keepSigners}), and its per-request plain commands may reuse resolved handlers (see
 * `PlainCommands`, which asks {@link isTunedClient}).
 */
export function tuneBuiltClient(
  base: DynamoDBClient,
  documentClient: DynamoDBDocumentClient,
): void {
  keepSigners(base);
  tuned.add(documentClient);
}

/** Whether `client` is a document client the module built and tuned. */
export function isTunedClient(client: object): boolean {
  return tuned.has(client);
}

/**
 * Makes `client` sign every call with a SigV4 signer it keeps, rather than one it builds for the call.
 * Without a `signer` option, the SDK makes a new signer for each call, copying the whole client
 * configuration (a hundred or so properties) into its parameters. In a microbenchmark of the SDK
 * alone (a GetItem and an UpdateItem against a canned answer), that was 5 to 13% of its CPU.
 *
 * What it builds depends only on the client's configuration and on the endpoint's auth scheme, so the
 * first signer of each scheme is kept. Credentials are still asked of the client's provider on every
 * call (a signer keeps none), so refreshed keys are used as before; a credentials provider assigned to
 * `client.config` later would not be (the module assigns none).
 */
export function keepSigners(client: DynamoDBClient): void {
  const make: SignerOf = client.config.signer;
  const kept = new Map<string, ReturnType<SignerOf>>();
  client.config.signer = (authScheme) => {
    const key =
      authScheme === undefined
        ? ''
        : `${authScheme.name} ${authScheme.signingName} ${authScheme.signingRegion}`;
    let signer = kept.get(key);
    if (signer === undefined) {
      signer = make(authScheme);
      kept.set(key, signer);
      // One that failed (a region provider that threw) is made again on the next call.
      signer.catch(() => kept.delete(key));
    }
    return signer;
  };
}
