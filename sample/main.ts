import { Logger } from '@nestjs/common';
import { startSample, type RunningSample } from './start-sample.js';

/** `npm start`: starts the sample, and on SIGINT/SIGTERM closes it and stops DynamoDB Local. */
async function main(): Promise<void> {
  const logger = new Logger('Sample');
  let sample: RunningSample;
  try {
    sample = await startSample();
  } catch (error) {
    logger.error(`The sample did not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  sample.app.enableShutdownHooks();
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: Nest's shutdown hooks re-raise the signal once the app is closed, and that
    // must land here (and be ignored) rather than end the process before DynamoDB Local is stopped.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal} received, stopping`);
      sample.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`Could not stop cleanly: ${(error as Error).stack ?? String(error)}`);
          process.exit(1);
        },
      );
    });
  }
}

await main();
