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
  /**
   * Trust the proxy in front for the client's address and protocol (X-Forwarded-For,
   * X-Forwarded-Proto): Express's `trust proxy`, Fastify's `trustProxy`. Default: `SAMPLE_TRUST_PROXY`
   * (`true` or `false`, default `false`: a client could name any address).
   */
  trustProxy?: boolean;
}

/** `SAMPLE_TRUST_PROXY` of `env`: `true` or `false` (the default); anything else throws. */
export function trustProxyFrom(env: Record<string, string | undefined>): boolean {
  const value = env['SAMPLE_TRUST_PROXY']?.trim().toLowerCase() || 'false';
  if (value !== 'true' && value !== 'false') {
    throw new Error(`SAMPLE_TRUST_PROXY must be "true" or "false" (got "${value}")`);
  }
  return value === 'true';
}

/**
 * Creates the sample app on `platform`, not yet initialized nor listening (what `npm start` and the
 * Lambda handler share). `abortOnError: false`, or Nest would exit the process on a boot error.
 */
export async function createSampleApp(
  platform: SamplePlatform,
  { logger, trustProxy = trustProxyFrom(process.env), ...appOptions }: CreateSampleAppOptions = {},
): Promise<INestApplication> {
  const module = AppModule.forPlatform(platform, appOptions);
  const options = { logger, abortOnError: false };
  if (platform === 'fastify') {
    const adapter = new FastifyAdapter({ trustProxy });
    const app = await NestFactory.create<NestFastifyApplication>(module, adapter, options);
    // The /live gateway (socket.io) beside Mercurius's graphql-ws subscriptions on one server.
    if (appOptions.webSockets !== false) leaveSocketIoUpgrades(app);
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(module, options);
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  return app;
}
