import { Controller, Get } from '@nestjs/common';

/** `GET /health`: liveness. It does not use the session, so it costs no DynamoDB call and sets no cookie. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
