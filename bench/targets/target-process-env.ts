import { randomBytes } from 'node:crypto';
import { childEnv } from '../process/child-env.js';
import type { TargetName } from './target-name.js';
import { targetSessionEnv } from './target-session-env.js';

/** The session table of a target: `bench-<target>`. */
export function targetTable(name: TargetName): string {
  return `bench-${name}`;
}

/**
 * The environment a target's process runs with (see target-env.ts): DynamoDB at `endpoint` (the
 * counting proxy), its own table, a random secret, and the library's variables of its variant.
 */
export function targetProcessEnv(name: TargetName, endpoint: string): NodeJS.ProcessEnv {
  return childEnv({
    DYNAMODB_ENDPOINT: endpoint,
    BENCH_TABLE: targetTable(name),
    SESSION_TABLE: targetTable(name),
    SESSION_SECRET: randomBytes(48).toString('base64url'),
    ...targetSessionEnv(name),
  });
}
