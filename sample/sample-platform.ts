/** The HTTP platform the sample runs on (`SAMPLE_PLATFORM`). */
export type SamplePlatform = 'express' | 'fastify';

/** `SAMPLE_PLATFORM` of `env`: `express` (the default) or `fastify`; anything else throws. */
export function platformFrom(env: Record<string, string | undefined>): SamplePlatform {
  const platform = env['SAMPLE_PLATFORM']?.trim() || 'express';
  if (platform !== 'express' && platform !== 'fastify') {
    throw new Error(`SAMPLE_PLATFORM must be "express" or "fastify" (got "${platform}")`);
  }
  return platform;
}
