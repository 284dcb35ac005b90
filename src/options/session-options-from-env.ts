import type { DynamoSessionModuleOptions } from './dynamo-session.options.js';
import { optionsFromEnv, type Env } from './environment-variables.js';
import { SESSION_OPTION_DEFINITIONS } from './session-option-definitions.js';

/**
 * Reads {@link DynamoSessionModuleOptions} from environment variables (see docs/options.md): each
 * option's variable is in its definition. Values are not checked here: `resolveSessionOptions` names
 * a bad one with its variable.
 */
export function sessionOptionsFromEnv(env: Env = process.env): DynamoSessionModuleOptions {
  const options = optionsFromEnv(SESSION_OPTION_DEFINITIONS, env) ?? {};
  // A missing SESSION_SECRET is an empty list, which validation names.
  return { secret: [], ...options } as DynamoSessionModuleOptions;
}
