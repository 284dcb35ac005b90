import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createSessionTable } from '../../src/index.js';
import { deleteTable, localEndpoint } from './dynamodb.js';
import { waitForPort } from './wait-for-port.js';

const root = join(import.meta.dirname, '..', '..');

/** The app templates, one folder each (test/consumer-apps/<name>), each laid out as `nest new` makes it. */
export const CONSUMER_APPS_DIR = join(root, 'test', 'consumer-apps');

/** This package's name, as the README's commands install it and its bin is called. */
export const PACKAGE_NAME = 'nestjs-dynamodb-session';

/** What a finished command printed. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: this run's DynamoDB Local and dummy credentials (set by
 * global-setup), but nothing of the outer `npm test`: no `npm_*` variables, no `NODE_OPTIONS`, no
 * jest worker id, and not this repository's node_modules/.bin on the PATH.
 */
function userEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(npm_|NODE_OPTIONS$|JEST_WORKER_ID$|INIT_CWD$)/i.test(name)) continue;
    env[name] = value;
  }
  env['PATH'] = (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((entry) => !entry.startsWith(join(root, 'node_modules')))
    .join(delimiter);
  env['DYNAMODB_ENDPOINT'] = localEndpoint();
  return { ...env, ...extra };
}

/**
 * A copy of one app template in a folder of its own, with this package installed from its tarball,
 * and a table and a secret of its own on this run's DynamoDB Local.
 */
export class ConsumerApp {
  readonly dir: string;
  readonly table = `consumer-${randomUUID()}`;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly name: string,
    parentDir: string,
  ) {
    this.dir = join(parentDir, name);
    this.env = userEnvironment({
      SESSION_TABLE: this.table,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
    });
  }

  /** Runs a command in the app's folder, as the user would in its shell; rejects with its output. */
  run(command: string, args: readonly string[], timeoutMs = 180_000): Promise<CommandOutput> {
    return new Promise((resolve, reject) => {
      execFile(
        command,
        args,
        { cwd: this.dir, env: this.env, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 26 },
        (error, stdout, stderr) => {
          if (error === null) resolve({ stdout, stderr });
          else
            reject(
              new Error(
                `${this.name}: \`${[command, ...args].join(' ')}\` failed (${error.message.split('\n')[0]}):\n${stdout}\n${stderr}`,
              ),
            );
        },
      );
    });
  }

  /**
   * Copies the template, runs `installs` in it (each the arguments of one `npm install`, the
   * README's commands: `nestjs-dynamodb-session` stands for the tarball; the template's own
   * dependencies as its lock file pins them, from the npm cache where it can), compiles it with `tsc`
   * (its `build` script), and creates its table, which the package's own bin then checks.
   */
  async prepare(tarball: string, installs: readonly (readonly string[])[]): Promise<void> {
    cpSync(join(CONSUMER_APPS_DIR, this.name), this.dir, {
      recursive: true,
      // What a local try of the template left behind is not part of it.
      filter: (source) => !/[\\/](node_modules|dist|coverage)$/.test(source),
    });
    for (const install of installs) {
      const packages = install.map((name) => (name === PACKAGE_NAME ? tarball : name));
      await this.run('npm', [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        ...packages,
      ]);
    }
    await this.run('npm', ['run', 'build']);
    await this.withClient((client) => createSessionTable(client, { tableName: this.table }));
    await this.run(join('node_modules', '.bin', PACKAGE_NAME), ['check']);
  }

  /** Deletes the app's table. */
  dispose(): Promise<void> {
    return this.withClient((client) => deleteTable(client, this.table));
  }

  private async withClient<T>(use: (client: DynamoDBClient) => Promise<T>): Promise<T> {
    const client = new DynamoDBClient({
      endpoint: localEndpoint(),
      region: this.env['AWS_REGION'],
    });
    try {
      return await use(client);
    } finally {
      client.destroy();
    }
  }

  /** Starts the compiled app (`node dist/main.js`) on `port` and resolves once Nest says it started. */
  start(port: number): Promise<RunningApp> {
    const child = spawn(process.execPath, [join('dist', 'main.js')], {
      cwd: this.dir,
      env: { ...this.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let started = false;
    return new Promise((resolve, reject) => {
      const collect = (chunk: Buffer): void => {
        output += chunk.toString();
        // Nest logs this line before listen() has bound the port: wait for the port too.
        if (!started && output.includes('Nest application successfully started')) {
          started = true;
          waitForPort(port).then(
            () => resolve(new RunningApp(child, `http://127.0.0.1:${port}`)),
            reject,
          );
        }
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.once('exit', (code) =>
        reject(
          new Error(`${this.name}: dist/main.js exited with ${code} before it started:\n${output}`),
        ),
      );
    });
  }
}

/** The compiled app, running as its own process. */
export class RunningApp {
  constructor(
    private readonly child: ReturnType<typeof spawn>,
    readonly url: string,
  ) {}

  /** Stops the app by its PID and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}
