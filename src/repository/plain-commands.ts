import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The calls every request makes (the read of a session, the update of its changed keys) go as plain
 * DynamoDB commands, their values converted by `attribute-values.ts`, rather than as document-client
 * commands: those add a marshalling middleware and generic walks of every value to each call. The
 * other calls keep the document client.
 */

/**
 * The client under a document client, to send plain commands with: a document client is a
 * `DynamoDBClient` with the same configuration and middleware, which its own commands translate for.
 */
export function plainClientOf(client: DynamoDBDocumentClient): DynamoDBClient {
  return client as unknown as DynamoDBClient;
}

/**
 * `command`, with its input and output handed to the client's logger as they are. The SDK's logger
 * middleware otherwise copies both through their schema on every call, a logger configured or not (its
 * default does nothing): for a read, a walk of every value of the session as DynamoDB holds it. A
 * document-client command is copied only as far as its own data, which the schema does not describe;
 * DynamoDB marks no member as sensitive, so nothing is left unredacted that was redacted.
 */
export function withPlainLogging<Command extends PlainCommand>(command: Command): Command {
  command.middlewareStack.add(plainLogging, PLAIN_LOGGING_OPTIONS);
  return command;
}

/** What of a command {@link withPlainLogging} uses (typed here: the SDK's own types are not a dependency). */
interface PlainCommand {
  readonly middlewareStack: {
    add(middleware: typeof plainLogging, options: typeof PLAIN_LOGGING_OPTIONS): void;
  };
}

/** The logger's filters, as the SDK reads them from the context of a call. */
interface LoggingContext {
  dynamoDbDocumentClientOptions?: {
    overrideInputFilterSensitiveLog?: (value: unknown) => unknown;
    overrideOutputFilterSensitiveLog?: (value: unknown) => unknown;
  };
}

const asTheyAre = (value: unknown) => value;

function plainLogging<Args, Output>(
  next: (args: Args) => Promise<Output>,
  context: LoggingContext,
): (args: Args) => Promise<Output> {
  return (args) => {
    context.dynamoDbDocumentClientOptions = {
      overrideInputFilterSensitiveLog: asTheyAre,
      overrideOutputFilterSensitiveLog: asTheyAre,
    };
    return next(args);
  };
}

const PLAIN_LOGGING_OPTIONS = {
  name: 'sessionPlainLogging',
  step: 'initialize',
  priority: 'high',
  override: true,
} as const;
