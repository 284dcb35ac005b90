import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ResolvedSessionOptions } from './options/resolved-session-options.js';
import { tuneBuiltClient } from './repository/built-client-tuning.js';

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
  const base = (given as DynamoDBClient | undefined) ?? (owned as DynamoDBClient);
  const documentClient = DynamoDBDocumentClient.from(base, {
    marshallOptions: { removeUndefinedValues: true },
  });
  if (owned !== undefined) tuneBuiltClient(owned, documentClient);
  return { documentClient, owned };
}

/** A DocumentClient from another copy of the SDK fails `instanceof`; its translate config still tells. */
function isDocumentClient(client: unknown): boolean {
  const config = (client as { config?: { translateConfig?: unknown } } | undefined)?.config;
  return config?.translateConfig !== undefined;
}
