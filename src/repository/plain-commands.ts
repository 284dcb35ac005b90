import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isTunedClient } from './built-client-tuning.js';

/**
 * The calls every request makes (the read of a session, the update of its changed keys) go as plain
 * DynamoDB commands, their values converted by `attribute-values.ts`, rather than as document-client
 * commands: those add a marshalling middleware and generic walks of every value to each call. The
 * other calls keep the document client.
 */

/**
 * Sends plain commands on the client under a document client (a document client is a `DynamoDBClient`
 * with the same configuration and middleware, which its own commands translate for).
 *
 * On a client the module built (`isTunedClient`), the commands skip `client.send`, which resolves the
 * client's and the command's middleware into a handler on every call (the SDK keeps them only with
 * `cacheMiddleware` and no per-call options, and each call here has a deadline). The calls of one
 * deadline window share one abort signal (`CallDeadlines`), so the handler resolved for the first
 * command of a type in a window serves the rest of that window: one resolution per type and window
 * rather than per call. As with the SDK's own cache, the handler's context is shared by the calls it
 * serves: they must not differ in what the endpoint depends on (one table per instance); middleware
 * added to the client later applies from the next window; the context keeps the resolving command
 * (its input) until the next window. A client the application passed gets every call through
 * `client.send`, where its tracing (which wraps `send`) and its retry strategy see them.
 */
export class PlainCommands {
  private readonly handlers = new Map<unknown, KeptHandler>();
  private readonly client: DynamoDBClient;
  private readonly reuseHandlers: boolean;

  constructor(client: DynamoDBDocumentClient) {
    this.client = client as unknown as DynamoDBClient;
    this.reuseHandlers = isTunedClient(client);
  }

  send<Input extends object, Output>(
    command: PlainCommand<Input, Output>,
    abortSignal: AbortSignal,
  ): Promise<Output> {
    if (!this.reuseHandlers) {
      command.middlewareStack.add(plainLogging, PLAIN_LOGGING_OPTIONS);
      // Looked up on each call, as `client.send(...)` would be: tracing may wrap it after start-up.
      return (this.client as unknown as { send: SendOf<Output> }).send(command, { abortSignal });
    }
    let kept = this.handlers.get(command.constructor);
    if (kept?.abortSignal !== abortSignal) {
      // The resolving command's own middleware is the handler's: the logging filters go on it.
      command.middlewareStack.add(plainLogging, PLAIN_LOGGING_OPTIONS);
      const handle = command.resolveMiddleware(this.client.middlewareStack, this.client.config, {
        abortSignal,
      });
      kept = { abortSignal, handle: handle as KeptHandler['handle'] };
      this.handlers.set(command.constructor, kept);
    }
    return kept.handle(command).then(({ output }) => output as Output);
  }
}

/** `client.send` for a plain command (its SDK type wants the SDK's command types). */
type SendOf<Output> = (
  command: object,
  options: { readonly abortSignal: AbortSignal },
) => Promise<Output>;

/** A resolved handler, and the deadline window (its abort signal) it was resolved for. */
interface KeptHandler {
  readonly abortSignal: AbortSignal;
  readonly handle: (args: { readonly input: object }) => Promise<{ readonly output: unknown }>;
}

/**
 * What of a plain command {@link PlainCommands} uses (typed here: the SDK's own types are not a
 * dependency). With the plain logging added, the SDK's logger middleware hands the input and output to
 * the client's logger as they are: it otherwise copies both through their schema on every call, a
 * logger configured or not (its default does nothing); for a read, a walk of every value of the
 * session as DynamoDB holds it. DynamoDB marks no member as sensitive, so nothing is left unredacted
 * that was redacted.
 */
interface PlainCommand<Input extends object, Output> {
  readonly input: Input;
  readonly middlewareStack: {
    add(middleware: typeof plainLogging, options: typeof PLAIN_LOGGING_OPTIONS): void;
  };
  resolveMiddleware(
    stack: DynamoDBClient['middlewareStack'],
    configuration: DynamoDBClient['config'],
    options: { abortSignal: AbortSignal },
  ): (args: { readonly input: Input }) => Promise<{ readonly output: Output }>;
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
