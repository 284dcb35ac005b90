import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  SESSION_CLIENT,
  SESSION_DOCUMENT_CLIENT,
  SESSION_OPTIONS,
} from './dynamo-session.constants.js';
import type { DynamoSessionModuleOptions } from './dynamo-session.options.js';
import {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN,
} from './dynamo-session.module-definition.js';
import { createSessionClient, type SessionClient } from './dynamodb-client.factory.js';
import { SessionGuard } from './http/session.guard.js';
import { SessionInterceptor } from './http/session.interceptor.js';
import { DynamoSessionRepository } from './repository/dynamo-session.repository.js';
import { SessionRepository } from './repository/session-repository.js';
import { resolveSessionOptions, type ResolvedSessionOptions } from './resolved-session-options.js';
import { SessionManager } from './session/session-manager.js';

/**
 * Server-side sessions in DynamoDB.
 *
 * ```ts
 * imports: [DynamoSessionModule.forRoot({ secret: process.env.SESSION_SECRET!, tableName: 'sessions' })]
 * // or, from @nestjs/config:
 * imports: [DynamoSessionModule.forRootAsync(dynamoSessionConfig.asProvider())]
 * ```
 */
@Module({
  providers: [
    {
      provide: SESSION_OPTIONS,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: DynamoSessionModuleOptions) => resolveSessionOptions(options),
    },
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
    { provide: SessionRepository, useClass: DynamoSessionRepository },
    SessionManager,
    SessionGuard,
    SessionInterceptor,
  ],
  exports: [SESSION_OPTIONS, SessionRepository, SessionManager, SessionGuard, SessionInterceptor],
})
export class DynamoSessionModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(@Inject(SESSION_CLIENT) private readonly client: SessionClient) {
    super();
  }

  /** Closes the DynamoDB client the module built (one the user passed in is left to its owner). */
  onApplicationShutdown(): void {
    this.client.owned?.destroy();
  }
}
