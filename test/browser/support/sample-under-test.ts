import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startSample, type RunningSample } from '../../../sample/start-sample.js';

/** The sample app as the browser specs run it; {@link stop} also deletes its table. */
export interface SampleUnderTest {
  readonly sample: RunningSample;
  /** `http://localhost:<port>/`: the page. */
  readonly pageUrl: string;
  stop(): Promise<void>;
}

const SECRET = 'browser-e2e-secret-that-is-at-least-32-characters-long';

/**
 * Starts the sample on `platform` as `npm start` does, configured through the environment
 * (`SESSION_SECRET`, `SESSION_TABLE`, `PORT=0`, `SAMPLE_PLATFORM`), on the run's DynamoDB Local
 * (`DYNAMODB_ENDPOINT`, set by jest's global setup), in a table of its own.
 */
export async function startSampleUnderTest(
  platform: 'express' | 'fastify',
): Promise<SampleUnderTest> {
  const savedEnv = { ...process.env };
  const tableName = `sample-browser-${randomUUID()}`;
  const restoreEnv = (): void => {
    for (const name of Object.keys(process.env)) {
      if (!(name in savedEnv)) delete process.env[name];
    }
    Object.assign(process.env, savedEnv);
  };
  const deleteTable = async (): Promise<void> => {
    const client = new DynamoDBClient({
      endpoint: savedEnv['DYNAMODB_ENDPOINT'],
      region: savedEnv['AWS_REGION'],
    });
    try {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    } finally {
      client.destroy();
    }
  };

  process.env['SESSION_SECRET'] = SECRET;
  process.env['SESSION_TABLE'] = tableName;
  process.env['PORT'] = '0';
  process.env['SAMPLE_PLATFORM'] = platform;
  let sample: RunningSample;
  try {
    sample = await startSample({ logger: false });
  } catch (error) {
    restoreEnv();
    await deleteTable();
    throw error;
  }
  return {
    sample,
    pageUrl: `${sample.url}/`,
    stop: async () => {
      try {
        await sample.stop();
      } finally {
        restoreEnv();
        await deleteTable();
      }
    },
  };
}
