import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configure as serverlessExpress } from '@codegenie/serverless-express';
import awsLambdaFastify from '@fastify/aws-lambda';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { createSampleApp } from './create-sample-app.js';
import type { SamplePlatform } from './sample-platform.js';

/** An API Gateway HTTP API (payload format 2.0) handler, as Lambda calls an async one. */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** The sample on Lambda: the handler and the app it serves, one per container. */
export interface SampleLambda {
  /** Builds the app on its first call (the container's first invocation), then serves it. */
  readonly handler: HttpApiHandler;
  /** The app the handler serves, built once: every call resolves the same instance. */
  app(): Promise<INestApplication>;
}

/** Options of {@link sampleLambda}. */
export interface SampleLambdaOptions {
  /** Nest's logger option (`false` silences the app); Nest's console logger by default. */
  logger?: NestApplicationOptions['logger'];
}

/** A built app and the function that hands it one API Gateway event. */
interface Served {
  readonly app: INestApplication;
  readonly serve: HttpApiHandler;
}

/**
 * The sample's routes behind an API Gateway HTTP API on AWS Lambda: on Express through
 * `@codegenie/serverless-express`, on Fastify through `@fastify/aws-lambda`. The app is built once per
 * container, on the first invocation, and initialized (`app.init()`) but never listening: each event
 * is handed to the framework in memory. It leaves out what needs a WebSocket upgrade (see
 * `webSockets` in {@link AppModule.forPlatform}), since an HTTP API does not carry one. Session
 * options come from the environment as `npm start` reads them; the table is not created at boot
 * (`createTable` is off): create it beforehand, with the CLI or infrastructure code.
 *
 * A boot that fails is not kept: the next invocation builds the app again.
 */
export function sampleLambda(
  platform: SamplePlatform,
  { logger }: SampleLambdaOptions = {},
): SampleLambda {
  let served: Promise<Served> | undefined;
  const serving = (): Promise<Served> =>
    (served ??= serve(platform, logger).catch((error: unknown) => {
      served = undefined;
      throw error;
    }));
  return {
    handler: async (event, context) => (await serving()).serve(event, context),
    app: async () => (await serving()).app,
  };
}

/** Builds and initializes the app on `platform`, and the adapter from API Gateway events to it. */
async function serve(
  platform: SamplePlatform,
  logger: NestApplicationOptions['logger'],
): Promise<Served> {
  const app = await createSampleApp(platform, { logger, webSockets: false });
  try {
    await app.init();
    if (platform === 'fastify') {
      const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
      const proxy = awsLambdaFastify<APIGatewayProxyEventV2>(fastify);
      await fastify.ready();
      return { app, serve: proxy };
    }
    const proxy = serverlessExpress<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({
      app: (app as NestExpressApplication).getHttpAdapter().getInstance(),
    });
    // Its default resolution mode ('PROMISE') answers through the returned promise, never the callback.
    const answer = (event: APIGatewayProxyEventV2, context: Context) =>
      proxy(event, context, () => undefined) as Promise<APIGatewayProxyStructuredResultV2>;
    return { app, serve: answer };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}
