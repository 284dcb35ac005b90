import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../sample/embedded-dynamodb.js';
import { createSessionTable } from '../../src/index.js';
import type { TargetName } from './target-name.js';
import { targetTable } from './target-process-env.js';
import { usesLibraryTable } from './target-session-env.js';

/**
 * Creates the session table of each of `targets` that stores sessions in this library's layout (ours,
 * all variants, and raw) on the DynamoDB Local at `endpoint`; connect-dynamodb creates its own at boot.
 */
export async function createTargetTables(
  endpoint: string,
  targets: readonly TargetName[],
): Promise<void> {
  const admin = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { ...LOCAL_CREDENTIALS },
  });
  try {
    for (const target of new Set(targets.filter(usesLibraryTable)))
      await createSessionTable(admin, { tableName: targetTable(target) });
  } finally {
    admin.destroy();
  }
}
