import { Controller, Get } from '@nestjs/common';

/** `GET /health`, the anonymous workload: the same route in every target, never touching a session. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
