import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { DynamoSessionHealthIndicator } from '../src/health/index.js';

/** Health checks. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly sessionTable: DynamoSessionHealthIndicator,
  ) {}

  /** `GET /health`: liveness. It does not use the session, so it costs no DynamoDB call and sets no cookie. */
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** `GET /health/session`: the session table is reachable, ACTIVE and has TTL enabled (503 otherwise). */
  @Get('session')
  @HealthCheck()
  session(): Promise<HealthCheckResult> {
    return this.health.check([() => this.sessionTable.isHealthy()]);
  }
}
