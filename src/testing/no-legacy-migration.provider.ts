import type { Provider } from '@nestjs/common';
import { SESSION_OPTIONS } from '../dynamo-session.constants.js';
import type { ResolvedSessionOptions } from '../options/resolved-session-options.js';
import { SessionFallback } from '../session/session-fallback.js';

/**
 * The core's {@link SessionFallback} where no DynamoDB is (`DynamoSessionTestingModule`, which must
 * not load the AWS SDK): no fallback, and the option `legacy` is refused,
 * naming why. Internal.
 */
export const noLegacyMigrationProvider: Provider = {
  provide: SessionFallback,
  inject: [SESSION_OPTIONS],
  useFactory: (options: ResolvedSessionOptions): null => {
    if (options.legacy === undefined) return null;
    throw new Error(
      'legacy: moving sessions from connect-dynamodb needs DynamoSessionModule, which reads its table; leave the legacy option out here (DynamoSessionTestingModule has no DynamoDB)',
    );
  },
};
