import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isAlive } from '../test/support/process-alive.js';

const MODULE = pathToFileURL(join(import.meta.dirname, 'embedded-dynamodb.js')).href;

/** Runs `script` (ES module code) in a Node process of its own; resolves with its stdout and exit code. */
function runNode(script: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 90_000 },
      (error, stdout) => resolve({ stdout, code: error === null ? 0 : (error.code as number) }),
    );
  });
}

/** Polls until `pid` is gone (true) or `ms` passed (false). */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe('startEmbeddedDynamoDb', () => {
  it.each([
    ['crashes (an uncaught error)', "throw new Error('crash');"],
    ['calls process.exit()', 'process.exit(3);'],
  ])(
    'stops the emulator when the process that started it %s without calling stop()',
    async (_case, ending) => {
      const { stdout, code } = await runNode(
        `const { startEmbeddedDynamoDb } = await import(${JSON.stringify(MODULE)});
         const dynamo = await startEmbeddedDynamoDb();
         process.stdout.write(String(dynamo.pid) + '\\n');
         ${ending}`,
      );
      expect(code).not.toBe(0);
      const pid = Number(stdout.trim());
      expect(Number.isInteger(pid) && pid > 0).toBe(true);
      expect(await goneWithin(pid, 10_000)).toBe(true);
    },
    120_000,
  );
});
