import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startSample, type RunningSample } from '../../sample/start-sample.js';

/** The session secret the sample runs with in its specs. */
export const SAMPLE_SECRET = 'sample-e2e-secret-that-is-at-least-32-characters-long';

/** Puts back the variables of `saved` and removes the ones added since. */
export function restoreEnv(saved: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) {
    if (!(name in saved)) delete process.env[name];
  }
  Object.assign(process.env, saved);
}

/** Deletes a table the sample used, on the DynamoDB of `env` (the run's), if it is still there. */
export async function deleteSampleTable(
  tableName: string,
  env: Record<string, string | undefined>,
) {
  const client = new DynamoDBClient({
    endpoint: env['DYNAMODB_ENDPOINT'],
    region: env['AWS_REGION'],
  });
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  } finally {
    client.destroy();
  }
}

/**
 * Starts the sample on `platform` before the tests of the enclosing describe (on a table of its own,
 * with `env` on top of the test environment) and stops it, deleting the table, after them.
 */
export function runSampleAround(
  platform: string,
  tableName: string,
  env: Record<string, string> = {},
): { readonly sample: RunningSample } {
  const savedEnv = { ...process.env };
  let sample: RunningSample | undefined;
  beforeAll(async () => {
    Object.assign(process.env, {
      SESSION_SECRET: SAMPLE_SECRET,
      SESSION_TABLE: tableName,
      PORT: '0',
      SAMPLE_PLATFORM: platform,
      ...env,
    });
    sample = await startSample({ logger: false });
  });
  afterAll(async () => {
    await sample?.stop();
    await deleteSampleTable(tableName, savedEnv);
    restoreEnv(savedEnv);
  });
  return {
    get sample(): RunningSample {
      if (sample === undefined) throw new Error('the sample has not started');
      return sample;
    },
  };
}
