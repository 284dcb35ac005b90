import { execFileSync } from 'node:child_process';

/** The commit the bench ran on, and whether the library's sources differed from it. */
export interface SourceRevision {
  readonly commit: string | null;
  /** `src/` had uncommitted changes: the figures are of a library no commit holds. */
  readonly srcModified: boolean | null;
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

/** Reads the revision of the checkout at `root` (nulls outside a git checkout). */
export function sourceRevision(root: string): SourceRevision {
  const commit = git(['rev-parse', 'HEAD'], root)?.trim() ?? null;
  const status = git(['status', '--porcelain', '--', 'src'], root);
  return { commit, srcModified: status === null ? null : status.trim() !== '' };
}
