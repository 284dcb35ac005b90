import { execFile } from 'node:child_process';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ImportTime } from '../bench-result.js';
import { childEnv } from '../process/child-env.js';
import { spreadOf } from '../report/spread.js';
import { rotate } from '../rotate.js';
import { IMPORT_SUBJECTS, type ColdStartTarget, type ModuleFormat } from './cold-start-targets.js';
import type { LibraryPackage } from './library-package.js';

const IMPORT_TIME_MAIN = fileURLToPath(new URL('./import-time-main.js', import.meta.url));

/** One thing to time: a target's modules in one format. */
interface ImportJob {
  readonly target: ColdStartTarget;
  readonly format: ModuleFormat;
  /** What it loads: package names or absolute paths. */
  readonly modules: readonly string[];
  /** The same as the report names them (the package's entry, or a path in the compiled bench). */
  readonly names: readonly string[];
}

/** The jobs of `targets`, the library's `package:<subpath>` subjects resolved in its built package. */
function importJobs(
  targets: readonly ColdStartTarget[],
  library: LibraryPackage | undefined,
  compiledRoot: string,
): ImportJob[] {
  return targets.flatMap((target) =>
    (Object.entries(IMPORT_SUBJECTS[target]) as [ModuleFormat, readonly string[]][]).map(
      ([format, subjects]) => ({
        target,
        format,
        modules: subjects.map((subject) => {
          if (!subject.startsWith('package:')) return subject;
          if (library === undefined)
            throw new Error(`${target}'s import time needs the library built`);
          return library.entry(subject.slice('package:'.length), format);
        }),
        names: subjects.map((subject) => {
          if (subject.startsWith('package:') && library !== undefined) {
            const file = library.entry(subject.slice('package:'.length), format);
            return `${library.name} (${relative(library.dir, file)})`;
          }
          return isAbsolute(subject) ? relative(compiledRoot, subject) : subject;
        }),
      }),
    ),
  );
}

/** Milliseconds that loading `job`'s modules took in a fresh Node process, after the bare app's. */
async function timeImport(job: ImportJob): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    // --expose-gc: the child collects the heap before the timed load (see import-time-main.ts).
    ['--expose-gc', IMPORT_TIME_MAIN, job.format, ...job.modules],
    { env: childEnv({}), timeout: 60_000 },
  ).catch((error: unknown) => {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`timing the import of ${job.target} (${job.format}) failed:\n${stderr}`, {
      cause: error,
    });
  });
  const lines = stdout.trim().split('\n');
  return (JSON.parse(lines[lines.length - 1] ?? '') as { ms: number }).ms;
}

/**
 * What each target's session code adds to a bare Nest app's import time, per format: each job once
 * unmeasured (so that every file is in the OS's cache), then `repetitions` times in fresh processes,
 * the jobs taking turns in an order that rotates.
 */
export async function measureImportTimes(
  targets: readonly ColdStartTarget[],
  library: LibraryPackage | undefined,
  compiledRoot: string,
  repetitions: number,
): Promise<ImportTime[]> {
  const jobs = importJobs(targets, library, compiledRoot);
  for (const job of jobs) await timeImport(job);
  const samples = new Map<ImportJob, number[]>(jobs.map((job) => [job, []]));
  for (let repetition = 0; repetition < repetitions; repetition += 1) {
    for (const job of rotate(jobs, repetition)) samples.get(job)?.push(await timeImport(job));
  }
  return jobs.map((job) => ({
    target: job.target,
    format: job.format,
    modules: job.names,
    ms: spreadOf(samples.get(job) ?? []),
  }));
}
