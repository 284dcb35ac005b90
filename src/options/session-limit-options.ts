import type { SessionLimitPolicy } from './dynamo-session.options.js';
import { text, wholeNumber } from './environment-variables.js';
import { atLeast, atMost, isWholeNumber, oneOf } from './option-checks.js';
import { option } from './option-definition.js';

/** The limit on sessions per user: how many (`maxSessionsPerUser`), and what a login past it does (`onLimit`). */
export const SESSION_LIMIT_OPTIONS = {
  maxSessionsPerUser: option<number | undefined>({
    default: undefined,
    documentedDefault: 'none',
    checks: [
      isWholeNumber('must be a whole number of sessions'),
      atLeast(1, 'must be 1 or more (sessions)'),
      atMost(100, 'must be at most 100 (sessions)'),
    ],
    env: wholeNumber('SESSION_MAX_PER_USER'),
  }),
  onLimit: option<SessionLimitPolicy>({
    default: 'evict-oldest',
    checks: [
      oneOf(
        ['evict-oldest', 'refuse'],
        'must be "evict-oldest" or "refuse" (env SESSION_ON_LIMIT: evict-oldest or refuse)',
      ),
    ],
    env: text('SESSION_ON_LIMIT'),
  }),
};
