import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResolvedSessionOptions } from './options/resolved-session-options.js';
import { keepSigners } from './repository/kept-signers.js';

/** The document client the repository uses, and the base client when the module built it (and so must destroy it). */
export interface SessionClient {
  readonly documentClient: DynamoDBDocumentClient;
  readonly owned?: DynamoDBClient;
}

/** Wraps the client the user passed, or builds one from `endpoint` and `region`. */
export function createSessionClient(options: ResolvedSessionOptions): SessionClient {
  const given = options.client;
  if (given instanceof DynamoDBDocumentClient || isDocumentClient(given)) {
    return { documentClient: given as DynamoDBDocumentClient };
  }
  const owned =
    given === undefined
      ? new DynamoDBClient({
          endpoint: options.endpoint,
          region: options.region,
          maxAttempts: options.maxAttempts,
          retryMode: 'standard',
          requestHandler: {
            connectionTimeout: Math.min(options.requestTimeout, 1000),
            requestTimeout: options.requestTimeout,
          },
        })
      : undefined;
  if (owned !== undefined) keepSigners(owned);
  const base = (given as DynamoDBClient | undefined) ?? (owned as DynamoDBClient);
  return {
    documentClient: DynamoDBDocumentClient.from(base, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    owned,
  };
}

/** A DocumentClient from another copy of the SDK fails `instanceof`; its translate config still tells. */
function isDocumentClient(client: unknown): boolean {
  const config = (client as { config?: { translateConfig?: unknown } } | undefined)?.config;
  return config?.translateConfig !== undefined;
}
