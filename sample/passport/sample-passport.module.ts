import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { DynamoSessionPassportModule } from '../../src/passport/index.js';
import { LocalStrategy } from './local.strategy.js';
import { PasswordLoginController } from './password-login.controller.js';
import { SessionSerializer } from './session.serializer.js';

/**
 * The sample's Passport login, on Express and Fastify: passport-local over the demo users, on our
 * session. `keepSessionInfo` keeps the data across the login's regenerate, so a guest cart survives as
 * it does for `POST /auth/login`.
 */
@Module({
  imports: [
    PassportModule.register({ session: true, keepSessionInfo: true }),
    // Only the login needs Passport's req.session: the other routes read the session where they use
    // it (a JSON logout, @Session('destroy'), stays one DeleteItem).
    DynamoSessionPassportModule.forRoutes(PasswordLoginController),
  ],
  controllers: [PasswordLoginController],
  providers: [LocalStrategy, SessionSerializer],
})
export class SamplePassportModule {}
