import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Milliseconds to open a connection, and to wait for an answer, per attempt. */
const CONNECTION_TIMEOUT_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Attempts per call (standard retry mode): an unreachable endpoint fails within seconds. */
const MAX_ATTEMPTS = 3;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The CLI's DynamoDB client: the region and endpoint it was given, short timeouts and few retries (so
 * an unreachable endpoint is reported in seconds), and the credentials in `env` when it holds keys
 * (else the SDK's usual chain: profile, SSO, instance role...).
 */
export function createCliClient(
  target: { readonly region?: string; readonly endpoint?: string },
  env: Env,
): DynamoDBClient {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  const sessionToken = env['AWS_SESSION_TOKEN'];
  const credentials =
    accessKeyId && secretAccessKey
      ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
      : undefined;
  return new DynamoDBClient({
    ...(target.region === undefined ? {} : { region: target.region }),
    ...(target.endpoint === undefined ? {} : { endpoint: target.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
  });
}
