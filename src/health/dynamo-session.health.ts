import { Inject, Injectable } from '@nestjs/common';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { SESSION_DOCUMENT_CLIENT, SESSION_OPTIONS } from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';

/**
 * A `@nestjs/terminus` health indicator for the session table: up when the table is reachable, ACTIVE,
 * and has TTL enabled on the expiry attribute. Import it from `nestjs-dynamodb-session/terminus`:
 *
 * ```ts
 * @Get('health/session') @HealthCheck()
 * check() { return this.health.check([() => this.sessions.isHealthy()]); }
 * ```
 */
@Injectable()
export class DynamoSessionHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(SESSION_DOCUMENT_CLIENT) private readonly client: DynamoDBDocumentClient,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
  ) {}

  /** Checks the table within `requestTimeout`; the result is keyed `key` (default `session`). */
  async isHealthy<const Key extends string = 'session'>(
    key: Key = 'session' as Key,
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    const { tableName: table, expiresAttribute } = this.options;
    // The document client sends plain DynamoDB commands too.
    const client = this.client as unknown as DynamoDBClient;
    try {
      const abortSignal = AbortSignal.timeout(this.options.requestTimeout);
      const [description, ttl] = await Promise.all([
        client.send(new DescribeTableCommand({ TableName: table }), { abortSignal }),
        client.send(new DescribeTimeToLiveCommand({ TableName: table }), { abortSignal }),
      ]);
      const status = description.Table?.TableStatus ?? 'UNKNOWN';
      const ttlStatus = ttl.TimeToLiveDescription?.TimeToLiveStatus ?? 'DISABLED';
      const ttlAttribute = ttl.TimeToLiveDescription?.AttributeName;
      const ttlOk = ttlStatus === 'ENABLED' && ttlAttribute === expiresAttribute;
      const details = {
        table,
        tableStatus: status,
        ttl: ttlOk ? 'ENABLED' : `${ttlStatus} (${ttlAttribute ?? 'no attribute'})`,
      };
      if (status === 'ACTIVE' && ttlOk) return indicator.up(details);
      const problem =
        status === 'ACTIVE'
          ? `TTL must be enabled on "${expiresAttribute}"`
          : `the table is ${status}, not ACTIVE`;
      return indicator.down({ ...details, message: problem });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      return indicator.down({ table, message: `${name}: the table could not be described` });
    }
  }
}
