import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';

/** Nest logs errors and warnings only, so a failing target says why without slowing the others. */
const LOG_LEVELS: LogLevel[] = ['error', 'warn'];

/**
 * Creates a target's Nest app on the Express platform (not listening yet) from its root module, with
 * `middleware` (the peer's session) mounted before Nest's routes. It imports no target module, so
 * that each target's own entry (e.g. ours/ours-main.ts) bundles only that target.
 */
export async function createNestApp(
  module: new () => unknown,
  middleware?: RequestHandler,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: LOG_LEVELS,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  if (middleware !== undefined) app.use(middleware);
  return app;
}
