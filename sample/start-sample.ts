import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { createSessionTable } from '../src/index.js';
import { createSampleApp } from './create-sample-app.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startEmbeddedDynamoDb,
  type EmbeddedDynamoDb,
} from './embedded-dynamodb.js';
import { platformFrom, type SamplePlatform } from './sample-platform.js';

/** Options of {@link startSample}. The rest of the configuration is the environment. */
export interface StartSampleOptions {
  /** Port to listen on, on all interfaces; 0 picks a free one. Default: `PORT`, else 3000. */
  port?: number;
  /** Nest's logger option (`false` silences the app, the sample's own messages included). */
  logger?: NestApplicationOptions['logger'];
}

/** A sample app that {@link startSample} started. */
export interface RunningSample {
  readonly app: INestApplication;
  /** The HTTP platform (`SAMPLE_PLATFORM`): `express` (default) or `fastify`. */
  readonly platform: SamplePlatform;
  /** `http://localhost:<port>`, with the port actually listened on. */
  readonly url: string;
  /** The DynamoDB Local started because `DYNAMODB_ENDPOINT` was not set, if any. */
  readonly embeddedDynamoDb: EmbeddedDynamoDb | undefined;
  /** Closes the app, then stops the embedded DynamoDB Local (by its PID). Safe to call twice. */
  stop(): Promise<void>;
}

type Env = Record<string, string | undefined>;

function isSet(env: Env, name: string): boolean {
  return (env[name]?.trim() ?? '') !== '';
}

function setIfUnset(env: Env, name: string, value: string): void {
  if (!isSet(env, name)) env[name] = value;
}

function portFrom(env: Env): number {
  if (!isSet(env, 'PORT')) return 3000;
  const text = (env['PORT'] as string).trim();
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new Error(`PORT must be a port number from 0 to 65535 (got "${text}")`);
  }
  return port;
}

/**
 * Starts the sample as `npm start` runs it, configured by the environment (`process.env`, which is
 * also what the app's `dynamoSessionConfig` and the AWS SDK read):
 *
 * - without `DYNAMODB_ENDPOINT`, starts DynamoDB Local (in memory) and points `DYNAMODB_ENDPOINT` at
 *   it, with `AWS_REGION` and dummy credentials where those are unset;
 * - creates the sessions table (`SESSION_TABLE`, default `sessions`) unless it exists;
 * - without `SESSION_SECRET`, uses a random development secret (with a warning);
 * - listens on `PORT` (default 3000).
 *
 * If anything fails, what was started is stopped again before the error is thrown.
 */
export async function startSample(options: StartSampleOptions = {}): Promise<RunningSample> {
  const env: Env = process.env;
  const port = options.port ?? portFrom(env);
  const platform = platformFrom(env);
  let embeddedDynamoDb: EmbeddedDynamoDb | undefined;
  let app: INestApplication | undefined;
  try {
    if (!isSet(env, 'DYNAMODB_ENDPOINT')) {
      embeddedDynamoDb = await startEmbeddedDynamoDb();
      env['DYNAMODB_ENDPOINT'] = embeddedDynamoDb.endpoint;
      setIfUnset(env, 'AWS_REGION', LOCAL_REGION);
      setIfUnset(env, 'AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
      setIfUnset(env, 'AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
    }
    const devSecret = !isSet(env, 'SESSION_SECRET');
    if (devSecret) env['SESSION_SECRET'] = randomBytes(48).toString('base64url');

    const client = new DynamoDBClient({
      endpoint: env['DYNAMODB_ENDPOINT'],
      region: env['AWS_REGION'],
    });
    const tableName = env['SESSION_TABLE']?.trim() || 'sessions';
    try {
      await createSessionTable(client, { tableName });
    } finally {
      client.destroy();
    }

    app = await createSampleApp(platform, { logger: options.logger });
    const logger = new Logger('Sample');
    if (embeddedDynamoDb !== undefined) {
      logger.log(
        `DYNAMODB_ENDPOINT is not set: started DynamoDB Local (in memory) at ${embeddedDynamoDb.endpoint}, pid ${embeddedDynamoDb.pid}`,
      );
    }
    if (devSecret) {
      logger.warn(
        'SESSION_SECRET is not set: using a random development secret, so sessions will not survive a restart. ' +
          'Set a real secret (32+ characters) in production.',
      );
    }
    await app.listen(port);
    const address = app.getHttpServer().address() as AddressInfo;
    const url = `http://localhost:${address.port}`;
    logger.log(`Sample app listening on ${url} (${platform})`);

    const started = app;
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        try {
          await started.close();
        } finally {
          await embeddedDynamoDb?.stop();
        }
      })());
    return { app: started, platform, url, embeddedDynamoDb, stop };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await embeddedDynamoDb?.stop();
    throw error;
  }
}
