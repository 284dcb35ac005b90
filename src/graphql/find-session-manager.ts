import type { ModuleRef } from '@nestjs/core';
import { SessionManager } from '../session/session-manager.js';

/** The app's SessionManager, wherever DynamoSessionModule was imported; throws, naming the fix, without it. */
export function findSessionManager(moduleRef: ModuleRef): SessionManager {
  const manager = moduleRef.get(SessionManager, { strict: false });
  if (manager === undefined) {
    throw new Error(
      'DynamoSessionGraphqlModule needs DynamoSessionModule: import DynamoSessionModule.forRoot(...) in the app too.',
    );
  }
  return manager;
}
