import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { dynamoSessionConfig } from '../../../src/config/index.js';
import { DynamoSessionModule } from '../../../src/index.js';
import { HealthController } from '../health.controller.js';
import { OursAuthController } from './ours-auth.controller.js';
import { OursKvController } from './ours-kv.controller.js';

/**
 * The `ours` target: this library registered as the sample app registers it (options from the
 * environment through `dynamoSessionConfig`, every other option at its default), with the bench's
 * routes.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    DynamoSessionModule.forRootAsync({ ...dynamoSessionConfig.asProvider(), isGlobal: true }),
  ],
  controllers: [HealthController, OursKvController, OursAuthController],
})
export class OursModule {}
