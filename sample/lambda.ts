import { platformFrom } from './sample-platform.js';
import { sampleLambda } from './sample-lambda.js';

/**
 * The sample on AWS Lambda, behind an API Gateway HTTP API (payload format 2.0): set the function's
 * handler to this module's `handler`. `SAMPLE_PLATFORM` picks Express (default) or Fastify; the
 * session options are the same environment variables as `npm start` reads (`SESSION_SECRET`,
 * `SESSION_TABLE`, ...). The sessions table must exist: the app does not create it.
 */
export const { handler } = sampleLambda(platformFrom(process.env));
