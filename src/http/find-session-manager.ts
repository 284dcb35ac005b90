import type { ModuleRef } from '@nestjs/core';
import { SessionManager } from '../session/session-manager.js';

/**
 * The app's SessionManager, wherever DynamoSessionModule was imported; throws, naming the fix, without
 * it. `needer` is the module that needs it (named in the error).
 */
export function findSessionManager(
  moduleRef: ModuleRef,
  needer = 'DynamoSessionGraphqlModule',
): SessionManager {
  const manager = moduleRef.get(SessionManager, { strict: false });
  if (manager === undefined) {
    throw new Error(
      `${needer} needs DynamoSessionModule: import DynamoSessionModule.forRoot(...) in the app too.`,
    );
  }
  return manager;
}
