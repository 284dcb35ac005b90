import { Module, ValidationPipe } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DynamoSessionHealthIndicator } from '../src/health/index.js';
import { DynamoSessionModule, dynamoSessionConfig } from '../src/index.js';
import { AuthController } from './auth.controller.js';
import { CartController } from './cart.controller.js';
import { HealthController } from './health.controller.js';
import { HomeController } from './home.controller.js';
import { KvController } from './kv.controller.js';
import { VisitsController } from './visits.controller.js';

/**
 * The sample app. Session options come from the environment (`SESSION_SECRET`, `SESSION_TABLE`,
 * `DYNAMODB_ENDPOINT`, `AWS_REGION`, ...) through the library's `dynamoSessionConfig` namespace.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
    TerminusModule.forRoot(),
    DynamoSessionModule.forRootAsync({ ...dynamoSessionConfig.asProvider(), isGlobal: true }),
  ],
  controllers: [
    HomeController,
    HealthController,
    AuthController,
    KvController,
    VisitsController,
    CartController,
  ],
  providers: [
    DynamoSessionHealthIndicator,
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }),
    },
  ],
})
export class AppModule {}
