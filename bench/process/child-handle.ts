import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, CommandMessage } from './ipc-protocol.js';
import { waitForExit as exited } from '../../sample/embedded-dynamodb.js';

/** How to start a child with {@link ChildHandle.start}. */
export interface ChildOptions {
  /** A name for messages, e.g. `target ours`. */
  readonly name: string;
  /** The compiled module to run. */
  readonly modulePath: string;
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Node flags, e.g. `--cpu-prof`. */
  readonly execArgv?: readonly string[];
  /** How long the child may take to announce itself ready. */
  readonly readyTimeoutMs?: number;
}

/**
 * A Node child process started by the bench, with an IPC channel for commands. Its output is kept
 * (the last few KB) and shown when it fails; it is stopped by its own PID only.
 */
export class ChildHandle<Ready = unknown> {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private output = '';

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    /** What the child announced when it became ready. */
    readonly ready: Ready,
  ) {}

  /** Forks the child and resolves once it announced itself ready. */
  static async start<Ready>(options: ChildOptions): Promise<ChildHandle<Ready>> {
    const child = fork(options.modulePath, [...(options.args ?? [])], {
      env: options.env ?? process.env,
      execArgv: [...(options.execArgv ?? [])],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timeoutMs = options.readyTimeoutMs ?? 60_000;
    let ready: Ready;
    try {
      ready = await new Promise<Ready>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not ready within ${timeoutMs} ms`)),
          timeoutMs,
        );
        child.on('message', (message: ChildMessage) => {
          if (message?.kind === 'ready') {
            clearTimeout(timer);
            resolve(message.details as Ready);
          }
        });
        child.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`exited (${signal ?? `code ${code}`}) before it was ready`));
        });
        child.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    } catch (error) {
      if (child.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
      throw new Error(`${options.name}: ${(error as Error).message}\n${output}`, { cause: error });
    }
    const handle = new ChildHandle<Ready>(options.name, child, ready);
    child.stdout?.off('data', keep);
    child.stderr?.off('data', keep);
    handle.output = output;
    child.stdout?.on('data', (chunk: Buffer) => handle.keep(chunk));
    child.stderr?.on('data', (chunk: Buffer) => handle.keep(chunk));
    child.on('message', (message: ChildMessage) => handle.receive(message));
    child.once('exit', (code, signal) => {
      for (const { reject } of handle.pending.values()) {
        reject(new Error(`${options.name} exited (${signal ?? `code ${code}`})\n${handle.output}`));
      }
      handle.pending.clear();
    });
    return handle;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last few KB the child wrote to stdout and stderr. */
  get recentOutput(): string {
    return this.output;
  }

  /** Sends a command (with an optional argument) and resolves with the child's answer. */
  request<T>(command: string, argument?: string): Promise<T> {
    const id = this.nextId++;
    const message: CommandMessage = { kind: 'command', id, command, argument };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send(message, (error) => {
        if (error !== null && error !== undefined) {
          this.pending.delete(id);
          reject(error);
        }
      });
    });
  }

  /**
   * Asks the child to stop (so it can write a CPU profile and exit cleanly), then SIGTERM and SIGKILL
   * by its PID if it does not exit.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.request('stop').catch(() => undefined);
    if (await exited(this.child, 10_000)) return;
    this.child.kill('SIGTERM');
    if (await exited(this.child, 5_000)) return;
    this.child.kill('SIGKILL');
    await exited(this.child, 5_000);
  }

  private keep(chunk: Buffer): void {
    this.output = (this.output + chunk.toString()).slice(-8000);
  }

  private receive(message: ChildMessage): void {
    if (message?.kind !== 'reply') return;
    const waiting = this.pending.get(message.id);
    if (waiting === undefined) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) {
      waiting.reject(new Error(`${this.name}: ${message.error}`));
    } else {
      waiting.resolve(message.result);
    }
  }
}
