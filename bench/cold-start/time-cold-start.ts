import { spawn, type ChildProcess } from 'node:child_process';
import type { Cleanup } from '../process/cleanup.js';
import { stopProcess } from '../process/stop-process.js';
import { LISTENING_LINE } from '../targets/listen-standalone.js';

/** The request a cold start ends with: a login, which every session target answers by storing a session. */
export const COLD_START_REQUEST = { method: 'POST', path: '/auth/login' } as const;

/** The port `child` says it listens on (its `listening <port>` line), or its output if it exits first. */
function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`${why}\n${output.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = LISTENING_LINE.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve(Number(port));
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) =>
      fail(`exited (${signal ?? `code ${code}`}) before it listened`),
    );
    child.once('error', (error) => fail(error.message));
  });
}

/**
 * Milliseconds from spawning `node <bundle>` (a fresh process, with `env`) until its answer to the
 * first {@link COLD_START_REQUEST} has arrived; then stops it by its PID. The answer must be a 200,
 * with a session cookie when `setsCookie`: a failed login is an error, never a figure.
 */
export async function timeColdStart(
  bundle: string,
  env: NodeJS.ProcessEnv,
  setsCookie: boolean,
  cleanup: Cleanup,
): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = cleanup.add(() => stopProcess(child));
  try {
    const port = await listeningPort(child, 60_000);
    const response = await fetch(`http://127.0.0.1:${port}${COLD_START_REQUEST.path}`, {
      method: COLD_START_REQUEST.method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cold-start' }),
    });
    await response.arrayBuffer();
    const ms = performance.now() - started;
    const cookies = response.headers.getSetCookie().length;
    if (response.status !== 200 || (setsCookie && cookies === 0)) {
      throw new Error(
        `${bundle}: ${COLD_START_REQUEST.method} ${COLD_START_REQUEST.path} answered ${response.status} with ${cookies} cookie(s)`,
      );
    }
    return ms;
  } finally {
    await stop();
  }
}
