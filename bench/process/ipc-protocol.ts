/**
 * The messages between the bench (parent) and its child processes (the counting proxy and each
 * target app), over Node's IPC channel: the parent sends commands, each answered once by id; a child
 * announces once that it is ready.
 */

/** A command from the parent. */
export interface CommandMessage {
  readonly kind: 'command';
  readonly id: number;
  readonly command: string;
  readonly argument?: string;
}

/** A child's answer to one {@link CommandMessage}. */
export interface ReplyMessage {
  readonly kind: 'reply';
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** Sent once by a child when it serves requests; `details` says where (e.g. its port). */
export interface ReadyMessage {
  readonly kind: 'ready';
  readonly details: unknown;
}

/** Any message a child sends. */
export type ChildMessage = ReplyMessage | ReadyMessage;

/** What a child runs for each command it knows. */
export type CommandHandlers = Readonly<Record<string, (argument?: string) => unknown>>;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** In a child: answers the parent's commands with `handlers` (an unknown command is an error). */
export function serveCommands(handlers: CommandHandlers): void {
  process.on('message', (message: CommandMessage) => {
    if (message?.kind !== 'command') return;
    const handler = handlers[message.command];
    Promise.resolve()
      .then(() => {
        if (handler === undefined) throw new Error(`unknown command "${message.command}"`);
        return handler(message.argument);
      })
      .then(
        (result: unknown) => send({ kind: 'reply', id: message.id, result }),
        (error: unknown) =>
          send({
            kind: 'reply',
            id: message.id,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  // The parent went away: nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
}

/** In a child: tells the parent that it is ready. */
export function announceReady(details: unknown): void {
  send({ kind: 'ready', details });
}
