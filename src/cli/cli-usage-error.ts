import { DynamoSessionError } from '../dynamo-session.error.js';

/** The command line is wrong (unknown command or flag, bad value): the CLI prints why and the usage, exit code 2. */
export class CliUsageError extends DynamoSessionError {
  override readonly name = 'CliUsageError';
  readonly code = 'CLI_USAGE';

  constructor(
    message: string,
    /** Print the whole usage text after the message (unknown command or flag), not just a pointer to it. */
    readonly showUsage = false,
  ) {
    super(message);
  }
}
