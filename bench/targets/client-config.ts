import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { TargetEnv } from './target-env.js';

/**
 * The DynamoDB client settings of the `raw` and `peer` targets: the ones this library uses for a
 * client it builds with its default options (3 attempts in standard retry mode, a 1 s connection
 * timeout and a 3 s request timeout), with the same endpoint, region and (environment) credentials.
 */
export function benchClientConfig(env: TargetEnv): DynamoDBClientConfig {
  return {
    endpoint: env.endpoint,
    region: env.region,
    maxAttempts: 3,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
  };
}
