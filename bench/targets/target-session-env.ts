import { randomBytes } from 'node:crypto';
import type { TargetName } from './target-name.js';

/** Values above this many bytes of JSON are compressed by `ours-compressed`. */
export const BENCH_COMPRESSION_THRESHOLD = 1024;

/**
 * The library's own environment variables a target gets beyond the common ones: `ours-compressed`
 * compresses values above {@link BENCH_COMPRESSION_THRESHOLD} bytes, `ours-encrypted` encrypts every
 * value (a random key per run), `ours-consistent` and `ours-eventual` read with `SESSION_CONSISTENT_READ`
 * `true` and `false`. Other targets get none.
 */
export function targetSessionEnv(name: TargetName): Record<string, string> {
  if (name === 'ours-compressed') {
    return { SESSION_COMPRESSION_THRESHOLD: String(BENCH_COMPRESSION_THRESHOLD) };
  }
  if (name === 'ours-consistent') return { SESSION_CONSISTENT_READ: 'true' };
  if (name === 'ours-eventual') return { SESSION_CONSISTENT_READ: 'false' };
  if (name === 'ours-encrypted') {
    return { SESSION_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}` };
  }
  return {};
}

/** Whether a target stores sessions in this library's table layout (its table is made up front). */
export function usesLibraryTable(name: TargetName): boolean {
  return name.startsWith('raw') || name.startsWith('ours');
}
