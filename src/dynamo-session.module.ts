import {
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSessionTable } from './table/create-session-table.js';
import {
  SESSION_CLIENT,
  SESSION_DOCUMENT_CLIENT,
  SESSION_OPTIONS,
} from './dynamo-session.constants.js';
import { ConfigurableModuleClass } from './dynamo-session.module-definition.js';
import { sessionCoreExports, sessionCoreProviders } from './dynamo-session.providers.js';
import { createSessionClient, type SessionClient } from './dynamodb-client.factory.js';
import { DynamoSessionRepository } from './repository/dynamo-session.repository.js';
import { SessionRepository } from './repository/session-repository.js';
import { legacyMigrationProvider } from './legacy/legacy-migration.provider.js';
import type { ResolvedSessionOptions } from './options/resolved-session-options.js';
import { SessionClock, systemClock } from './session-clock.js';

/**
 * Server-side sessions in DynamoDB.
 *
 * ```ts
 * imports: [DynamoSessionModule.forRoot({ secret: process.env.SESSION_SECRET!, tableName: 'sessions' })]
 * // or, from the environment:
 * imports: [DynamoSessionModule.forRootAsync({ useFactory: () => sessionOptionsFromEnv() })]
 * // or, through @nestjs/config (dynamoSessionConfig, from nestjs-dynamodb-session/config):
 * imports: [DynamoSessionModule.forRootAsync(dynamoSessionConfig.asProvider())]
 * ```
 */
@Module({
  providers: [
    ...sessionCoreProviders,
    {
      provide: SESSION_CLIENT,
      inject: [SESSION_OPTIONS],
      useFactory: (options: ResolvedSessionOptions) => createSessionClient(options),
    },
    {
      provide: SESSION_DOCUMENT_CLIENT,
      inject: [SESSION_CLIENT],
      useFactory: (client: SessionClient) => client.documentClient,
    },
    { provide: SessionClock, useValue: systemClock },
    { provide: SessionRepository, useClass: DynamoSessionRepository },
    // Only with the option `legacy` (else null): the move from connect-dynamodb, the core's fallback.
    legacyMigrationProvider,
  ],
  exports: [...sessionCoreExports, SESSION_DOCUMENT_CLIENT],
})
export class DynamoSessionModule
  extends ConfigurableModuleClass
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('DynamoSession');

  constructor(
    @Inject(SESSION_CLIENT) private readonly client: SessionClient,
    @Inject(SESSION_OPTIONS) private readonly options: ResolvedSessionOptions,
  ) {
    super();
  }

  /** With `createTable`, creates the table when it is missing (idempotent, safe when instances race). */
  async onModuleInit(): Promise<void> {
    if (!this.options.createTable) return;
    const { tableName, keyAttribute, expiresAttribute, userIndexName } = this.options;
    // The document client sends plain DynamoDB commands too.
    const client = this.client.documentClient as unknown as DynamoDBClient;
    const outcome = await createSessionTable(client, {
      tableName,
      keyAttribute,
      expiresAttribute,
      userIndexName,
      // Notes such as "the table exists but has no user index" reach the app's log.
      onProgress: (message) => this.logger.log(message),
    });
    if (outcome === 'created')
      this.logger.log(`Created the session table "${tableName}" (createTable)`);
  }

  /** Closes the DynamoDB client the module built (one the user passed in is left to its owner). */
  onApplicationShutdown(): void {
    this.client.owned?.destroy();
  }
}
