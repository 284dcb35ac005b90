import { Logger } from '@nestjs/common';
import { resolveSessionOptions } from '../options/resolved-session-options.js';
import type { DynamoSessionModuleOptions } from '../options/dynamo-session.options.js';
import { InMemorySessionRepository } from '../testing/in-memory-session.repository.js';
import { TestClock } from '../testing/test-clock.js';
import { CsrfCookie } from './csrf-cookie.js';
import { SessionCookie } from './session-cookie.js';
import { SessionNotices } from './session-notices.js';
import { StoreCalls } from './store-calls.js';
import type { SessionFallback } from './session-fallback.js';
import { sessionKey } from './session-id.js';
import type { SessionInput } from './session-input.js';
import { SessionReader } from './session-reader.js';
import { SessionTokens } from './session-tokens.js';

/**
 * The core's collaborators for its unit specs: resolved options, a test clock, the in-memory
 * repository, the cookie, store calls and notices on a logger that records what it is told. Specs
 * only (excluded from the build).
 */
export function coreFixture(options: Partial<DynamoSessionModuleOptions> = {}) {
  const clock = new TestClock();
  const resolved = resolveSessionOptions(
    { secret: 's'.repeat(32), idleTimeout: 600, absoluteTimeout: 3600, ...options },
    clock.now(),
  );
  const repository = new InMemorySessionRepository(resolved, undefined, clock);
  const logger = new RecordingLogger();
  const cookie = new SessionCookie(resolved.cookie, resolved.secrets);
  const csrfCookie = new CsrfCookie(resolved.cookie, resolved.secrets);
  const tokens = new SessionTokens(resolved.token);
  const calls = new StoreCalls(logger, resolved.failOpen);
  const notices = new SessionNotices(logger);
  const collaborators = { cookie, tokens, csrfCookie, calls, notices };
  return { clock, options: resolved, repository, logger, ...collaborators };
}

/** What a transport read of a plain-HTTP request with the Cookie header `cookieHeader`. */
export const inputWith = (cookieHeader?: string): SessionInput => ({
  cookieHeader,
  https: false,
  userAgent: undefined,
});

/** A reader on `fixture`, with `fallback` if given. */
export function readerOf(fixture: ReturnType<typeof coreFixture>, fallback?: SessionFallback) {
  return new SessionReader({ ...fixture, fallback });
}

/** A stored session of `fixture`'s repository holding `data`, and the Cookie header naming it. */
export async function storedIn(
  fixture: ReturnType<typeof coreFixture>,
  data: Record<string, unknown>,
) {
  const id = 'a'.repeat(43);
  const now = fixture.clock.now();
  const times = { createdAt: now, touchedAt: now, expiresAt: now + 600_000 };
  await fixture.repository.create(sessionKey(id), data, times);
  const cookie = fixture.cookie.issue(id, times.expiresAt, now, false).split(';')[0] ?? '';
  return { id, cookie };
}

/** A Logger that keeps each line it is given, prefixed by its level. */
export class RecordingLogger extends Logger {
  readonly lines: string[] = [];
  override log(message: unknown): void {
    this.lines.push(`log ${String(message)}`);
  }
  override warn(message: unknown): void {
    this.lines.push(`warn ${String(message)}`);
  }
  override error(message: unknown): void {
    this.lines.push(`error ${String(message)}`);
  }
}
