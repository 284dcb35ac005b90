import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type SampleAppOptions } from './app.module.js';
import type { SamplePlatform } from './sample-platform.js';
import { leaveSocketIoUpgrades } from './socket-io-upgrades.js';

/** Options of {@link createSampleApp}. */
export interface CreateSampleAppOptions extends SampleAppOptions {
  /** Nest's logger option (`false` silences the app). */
  logger?: NestApplicationOptions['logger'];
}

/**
 * Creates the sample app on `platform`, not yet initialized nor listening (what `npm start` and the
 * Lambda handler share). `abortOnError: false`, or Nest would exit the process on a boot error.
 */
export async function createSampleApp(
  platform: SamplePlatform,
  { logger, ...appOptions }: CreateSampleAppOptions = {},
): Promise<INestApplication> {
  const module = AppModule.forPlatform(platform, appOptions);
  const options = { logger, abortOnError: false };
  if (platform === 'fastify') {
    const app = await NestFactory.create<NestFastifyApplication>(
      module,
      new FastifyAdapter(),
      options,
    );
    // The /live gateway (socket.io) beside Mercurius's graphql-ws subscriptions on one server.
    if (appOptions.webSockets !== false) leaveSocketIoUpgrades(app);
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, options);
  app.disable('x-powered-by');
  return app;
}
