import type { Provider } from '@nestjs/common';
import {
  SESSION_ENDINGS,
  SESSION_OPTIONS,
  SESSION_VALUE_CODEC,
} from './dynamo-session.constants.js';
import type { DynamoSessionModuleOptions } from './options/dynamo-session.options.js';
import { MODULE_OPTIONS_TOKEN } from './dynamo-session.module-definition.js';
import { CsrfGuard } from './nest/csrf.guard.js';
import { SessionGuard } from './nest/session.guard.js';
import { SessionInterceptor } from './nest/session.interceptor.js';
import { sessionEventListenersProvider } from './nest/session-event-listeners.provider.js';
import { SessionTransports } from './nest/session-transports.js';
import { SessionRepository } from './repository/session-repository.js';
import { createSessionValueCodec } from './repository/session-value-codec.factory.js';
import {
  resolveSessionOptions,
  type ResolvedSessionOptions,
} from './options/resolved-session-options.js';
import { SessionClock } from './session-clock.js';
import { SessionManager } from './session/session-manager.js';
import { SessionRevocations } from './session/session-revocations.js';

/**
 * What every session module provides whatever the store: the validated options, the value codec, the
 * session manager, the guards and the interceptor. `DynamoSessionModule` adds DynamoDB's client and
 * repository; `DynamoSessionTestingModule` an in-memory repository and a test clock. Internal.
 */
export const sessionCoreProviders: Provider[] = [
  {
    provide: SESSION_OPTIONS,
    inject: [MODULE_OPTIONS_TOKEN, SessionClock],
    // notBefore must not be in the future of the module's clock.
    useFactory: (options: DynamoSessionModuleOptions, clock: SessionClock) =>
      resolveSessionOptions(options, clock.now()),
  },
  {
    provide: SESSION_VALUE_CODEC,
    inject: [SESSION_OPTIONS],
    useFactory: (options: ResolvedSessionOptions) => createSessionValueCodec(options),
  },
  sessionEventListenersProvider,
  // The repository tells the core the sessions it ended at the app's request: `revoked` events.
  { provide: SESSION_ENDINGS, useClass: SessionRevocations },
  SessionManager,
  SessionTransports,
  SessionGuard,
  CsrfGuard,
  SessionInterceptor,
];

/** What every session module exports (the store's client aside). Internal. */
export const sessionCoreExports = [
  SESSION_OPTIONS,
  SessionClock,
  SessionRepository,
  SessionManager,
  SessionTransports,
  SessionGuard,
  CsrfGuard,
  SessionInterceptor,
];
