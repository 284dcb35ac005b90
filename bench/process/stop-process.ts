import type { ChildProcess } from 'node:child_process';
import { waitForExit as exited } from '../../sample/embedded-dynamodb.js';

/** Stops `child` by its PID: SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (await exited(child, 5_000)) return;
  child.kill('SIGKILL');
  await exited(child, 5_000);
}
