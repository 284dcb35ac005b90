/** Thrown at boot when {@link DynamoSessionModuleOptions} are invalid; the message names every bad field. */
export class InvalidSessionOptionsError extends Error {
  override readonly name = 'InvalidSessionOptionsError';

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
