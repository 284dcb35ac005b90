import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/**
 * Profiles this process's CPU between {@link start} and {@link stop} through the inspector, so that
 * a profile holds one measured workload and not the app's boot (what `node --cpu-prof` would add).
 */
export class CpuProfiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    if (this.session !== undefined) throw new Error('the profiler is already running');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    this.session = session;
  }

  /** Stops profiling and writes the profile (a `.cpuprofile` that Chrome DevTools opens) to `path`. */
  async stop(path: string): Promise<void> {
    const session = this.session;
    if (session === undefined) throw new Error('the profiler is not running');
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(path, JSON.stringify(profile));
  }
}
