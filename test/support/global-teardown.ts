import type { EmbeddedDynamoDb } from '../../sample/embedded-dynamodb.js';

/** Stops the DynamoDB Local that global-setup started, by its PID. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dynamoDbLocal__?: EmbeddedDynamoDb }).__dynamoDbLocal__?.stop();
}
