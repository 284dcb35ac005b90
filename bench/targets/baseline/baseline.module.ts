import { Module } from '@nestjs/common';
import { HealthController } from '../health.controller.js';
import { BaselineAuthController } from './baseline-auth.controller.js';
import { BaselineKvController } from './baseline-kv.controller.js';

/** The `baseline` target: the bench's routes in a Nest app with no session at all. */
@Module({ controllers: [HealthController, BaselineKvController, BaselineAuthController] })
export class BaselineModule {}
