import type { Provider } from '@nestjs/common';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SESSION_DOCUMENT_CLIENT, SESSION_OPTIONS } from '../dynamo-session.constants.js';
import { SessionRepository } from '../repository/session-repository.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionClock } from '../session-clock.js';
import { SessionFallback } from '../session/session-fallback.js';
import type { LegacyMigration } from './legacy-migration.js';

/**
 * The core's {@link SessionFallback} in `DynamoSessionModule`: the move from connect-dynamodb when the
 * option `legacy` is set, else null (the core then has no fallback, and requests pay nothing). Its
 * code loads only then: an app without `legacy` does not load it at all. Internal.
 */
export const legacyMigrationProvider: Provider = {
  provide: SessionFallback,
  inject: [SESSION_OPTIONS, SESSION_DOCUMENT_CLIENT, SessionRepository, SessionClock],
  useFactory: async (
    options: ResolvedSessionOptions,
    client: DynamoDBDocumentClient,
    repository: SessionRepository,
    clock: SessionClock,
  ): Promise<LegacyMigration | null> => {
    if (options.legacy === undefined) return null;
    const [{ connectDynamoDbSessions }, { LegacyMigration }] = await Promise.all([
      import('./connect-dynamodb-sessions.js'),
      import('./legacy-migration.js'),
    ]);
    const store = connectDynamoDbSessions(options, client, repository, clock);
    return store === null ? null : new LegacyMigration(options.legacy, store, clock);
  },
};
