import type { DynamoSessionModuleOptions } from './dynamo-session.options.js';
import { InvalidSessionOptionsError } from './invalid-session-options.error.js';
import type { ResolvedOptions } from './option-definition.js';
import { defaultsOf, resolveFields } from './option-group.js';
import { SESSION_OPTION_DEFINITIONS } from './session-option-definitions.js';
import { sessionTableLayoutProblems } from '../table/session-table-layout-rules.js';

/** Module options after defaults, as validated at boot. Internal: users pass {@link DynamoSessionModuleOptions}. */
export type ResolvedSessionOptions = ResolvedOptions<typeof SESSION_OPTION_DEFINITIONS>;

/** `new ResolvedSessionOptions()`: every option at its default (and no secret). */
export const ResolvedSessionOptions = class {
  constructor() {
    Object.assign(this, defaultsOf(SESSION_OPTION_DEFINITIONS));
  }
} as unknown as new () => ResolvedSessionOptions;

/**
 * Applies defaults to the user's options and validates them. Throws one
 * {@link InvalidSessionOptionsError} that names every bad field and what it allows.
 */
export function resolveSessionOptions(
  given: DynamoSessionModuleOptions | undefined,
  /** The time (epoch ms) `notBefore` must not be after: the module's clock. */
  now = Date.now(),
): ResolvedSessionOptions {
  const earlier: Record<string, unknown> = {};
  const { value, problems } = resolveFields(
    {
      fields: SESSION_OPTION_DEFINITIONS,
      shape: 'an object (see DynamoSessionModuleOptions)',
      unknownKey: 'is not an option (see DynamoSessionModuleOptions)',
      // The table layout's rules are the table tools' too: one home for both.
      rules: (options) => sessionTableLayoutProblems(options),
    },
    { ...given },
    '',
    { earlier, now },
    earlier,
  );
  if (problems.length > 0) throw new InvalidSessionOptionsError(problems);
  return value;
}
