import { UseGuards } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { validateSync } from 'class-validator';
import { Session, SessionGuard } from '../src/index.js';
import { KvKeyDto } from './dto/kv-key.dto.js';
import type { SampleSession } from './sample-session.js';

/** What a message answers when it cannot do what it was asked. */
type Refusal = { error: string };

/**
 * The socket.io namespace `/live`, on the HTTP app's own server and port. Each message reads the
 * session of the cookie the socket connected with, fresh (a logout over HTTP shows at once), and what
 * `set` changes is saved before it is acknowledged. The values are those of `/kv/:key`. The app
 * imports `DynamoSessionWebSocketModule`, which lets `@Session()` and `SessionGuard` serve it.
 */
@WebSocketGateway({ namespace: '/live' })
export class LiveGateway {
  /** Who is logged in: `{ username }`, null for a guest. */
  @SubscribeMessage('whoami')
  whoami(@Session() session: SampleSession): { username: string | null } {
    return { username: session.userId ?? null };
  }

  /** `{ key }` -> `{ value }`, null when the session has no such key. */
  @SubscribeMessage('get')
  get(
    @Session() session: SampleSession,
    @MessageBody() body: unknown,
  ): { value: unknown } | Refusal {
    const key = keyOf(body);
    if (typeof key !== 'string') return key;
    return { value: Object.keys(session).includes(key) ? session[key] : null };
  }

  /**
   * `{ key, value }`: stores the value in the session. A socket cannot set a cookie, so there must be
   * a stored session to write to: start one over HTTP (log in, or `PUT /kv/:key`) and reconnect.
   */
  @SubscribeMessage('set')
  set(@Session() session: SampleSession, @MessageBody() body: unknown): { ok: true } | Refusal {
    const key = keyOf(body);
    if (typeof key !== 'string') return key;
    if (session.isNew) {
      return {
        error:
          'There is no stored session to write to: a socket cannot set a cookie. Log in or PUT /kv/:key over HTTP first, then reconnect.',
      };
    }
    session[key] = (body as { value?: unknown }).value ?? null;
    return { ok: true };
  }

  /** Only for a logged-in session; a guest gets the guard's `exception` (code UNAUTHENTICATED). */
  @SubscribeMessage('secret')
  @UseGuards(SessionGuard)
  secret(@Session() session: SampleSession): { secret: string } {
    return { secret: `Hello ${session.userId ?? ''}, this came over the socket.` };
  }
}

/** The `key` of a message body, checked as `/kv/:key` checks it, or why it is refused. */
function keyOf(body: unknown): string | Refusal {
  const key =
    typeof body === 'object' && body !== null ? (body as { key?: unknown }).key : undefined;
  const problems = validateSync(Object.assign(new KvKeyDto(), { key }));
  const messages = problems.flatMap((problem) => Object.values(problem.constraints ?? {}));
  return messages.length === 0 ? (key as string) : { error: messages.join('; ') };
}
