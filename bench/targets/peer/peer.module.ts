import { Module } from '@nestjs/common';
import { HealthController } from '../health.controller.js';
import { PeerAuthController } from './peer-auth.controller.js';
import { PeerKvController } from './peer-kv.controller.js';

/**
 * The `peer` target: the bench's routes on express-session + connect-dynamodb (the middleware is
 * mounted by {@link createTargetApp}, before Nest's routes).
 */
@Module({ controllers: [HealthController, PeerKvController, PeerAuthController] })
export class PeerModule {}
