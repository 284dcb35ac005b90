import { Module } from '@nestjs/common';
import { HealthController } from '../health.controller.js';
import { IDLE_TIMEOUT_SECONDS, targetEnv } from '../target-env.js';
import { RawAuthController } from './raw-auth.controller.js';
import { RawCookie } from './raw-cookie.js';
import { RawKvController } from './raw-kv.controller.js';
import { RawSessionStore } from './raw-session-store.js';

/** The `raw` target: the bench's routes doing by hand the fewest DynamoDB calls a session needs. */
@Module({
  controllers: [HealthController, RawKvController, RawAuthController],
  providers: [
    RawSessionStore,
    {
      provide: RawCookie,
      useFactory: () => new RawCookie(targetEnv().secret, IDLE_TIMEOUT_SECONDS),
    },
  ],
})
export class RawModule {}
