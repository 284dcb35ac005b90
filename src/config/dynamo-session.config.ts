import { registerAs, type ConfigType } from '@nestjs/config';
import type { DynamoSessionModuleOptions } from '../options/dynamo-session.options.js';
import { sessionOptionsFromEnv } from '../options/session-options-from-env.js';

/**
 * The `dynamoSession` config namespace, read from the environment, so that
 * `DynamoSessionModule.forRootAsync(dynamoSessionConfig.asProvider())` needs no glue.
 */
export const dynamoSessionConfig = registerAs('dynamoSession', (): DynamoSessionModuleOptions =>
  sessionOptionsFromEnv(),
);

/** The type of the `dynamoSession` namespace, for `@Inject(dynamoSessionConfig.KEY)`. */
export type DynamoSessionConfig = ConfigType<typeof dynamoSessionConfig>;
