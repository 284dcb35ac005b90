import { Module } from '@nestjs/common';
import { ConfigurableModuleClass } from '../dynamo-session.module-definition.js';
import { sessionCoreExports, sessionCoreProviders } from '../dynamo-session.providers.js';
import { noLegacyMigrationProvider } from './no-legacy-migration.provider.js';
import { SessionRepository } from '../repository/session-repository.js';
import { SessionClock } from '../session-clock.js';
import { InMemorySessionRepository } from './in-memory-session.repository.js';
import { TestClock } from './test-clock.js';

/**
 * `DynamoSessionModule` for an app's own tests: the same options, `forRoot` and `forRootAsync`, guards,
 * interceptor and `@Session()`, with sessions kept in an {@link InMemorySessionRepository} and the time
 * read from a {@link TestClock}. No AWS client, no table, no DynamoDB Local (and no Java).
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [DynamoSessionTestingModule.forRoot({ secret: 'a-test-secret-of-at-least-32-characters' })],
 *   controllers: [CartController],
 * }).compile();
 * moduleRef.get(TestClock).advance(31 * 60_000); // past the idle timeout
 * ```
 */
@Module({
  providers: [
    ...sessionCoreProviders,
    TestClock,
    { provide: SessionClock, useExisting: TestClock },
    InMemorySessionRepository,
    { provide: SessionRepository, useExisting: InMemorySessionRepository },
    noLegacyMigrationProvider,
  ],
  exports: [...sessionCoreExports, TestClock, InMemorySessionRepository],
})
export class DynamoSessionTestingModule extends ConfigurableModuleClass {}
