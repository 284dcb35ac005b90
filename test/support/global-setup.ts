import type { EmbeddedDynamoDb } from '../../sample/embedded-dynamodb.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startEmbeddedDynamoDb,
} from '../../sample/embedded-dynamodb.js';

/**
 * Starts one DynamoDB Local (in memory, telemetry off, free port) for the whole run and points every
 * test worker at it through the environment. Each spec file works in tables of its own.
 */
export default async function globalSetup(): Promise<void> {
  const dynamo = await startEmbeddedDynamoDb();
  process.env['DYNAMODB_ENDPOINT'] = dynamo.endpoint;
  process.env['AWS_REGION'] = LOCAL_REGION;
  process.env['AWS_ACCESS_KEY_ID'] = LOCAL_CREDENTIALS.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = LOCAL_CREDENTIALS.secretAccessKey;
  (globalThis as { __dynamoDbLocal__?: EmbeddedDynamoDb }).__dynamoDbLocal__ = dynamo;
}
