import { Controller, HttpCode, NotImplementedException, Post } from '@nestjs/common';

/** `POST /auth/password-login` on Fastify: Passport login sessions are Express-only, so 501. */
@Controller('auth')
export class PasswordLoginUnavailableController {
  @Post('password-login')
  @HttpCode(200)
  login(): never {
    throw new NotImplementedException(
      'POST /auth/password-login runs on Express only: Passport login sessions on nestjs-dynamodb-session are Express-only. Start the sample with SAMPLE_PLATFORM=express, or log in with POST /auth/login.',
    );
  }
}
