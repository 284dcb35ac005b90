import { DynamoSessionError } from '../dynamo-session.error.js';

/** Thrown at boot when {@link DynamoSessionModuleOptions} are invalid; the message names every bad field. */
export class InvalidSessionOptionsError extends DynamoSessionError {
  override readonly name = 'InvalidSessionOptionsError';
  readonly code = 'INVALID_SESSION_OPTIONS';

  constructor(
    readonly problems: readonly string[],
    /** Whose options they are. */
    owner = 'DynamoSessionModule',
  ) {
    super(
      `Invalid ${owner} options (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
  }
}
