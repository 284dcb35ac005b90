import { Args, Int, Resolver, Subscription } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { Session } from '../../src/index.js';
import type { SampleSession } from '../sample-session.js';

/** The most events one `ticks` subscription sends. */
const MAX_TICKS = 10;

/** `count` events, each naming `username`. */
async function* ticksOf(username: string, count: number): AsyncGenerator<string> {
  for (let tick = 1; tick <= count; tick += 1) yield `${tick}: ${username}`;
}

/**
 * `type Subscription { ticks(count: Int!): String }` over graphql-ws (Apollo on Express, Mercurius on
 * Fastify): `count` events naming the user logged in when the WebSocket connected (`guest` for none).
 * The session is read once, at connect, and is read-only.
 */
@Resolver()
export class TicksResolver {
  @Subscription(() => String, { nullable: true, resolve: (tick: string) => tick })
  ticks(
    @Session() session: SampleSession,
    @Args('count', { type: () => Int }) count: number,
  ): AsyncGenerator<string> {
    if (count < 1 || count > MAX_TICKS) {
      throw new GraphQLError(`count must be from 1 to ${MAX_TICKS} (got ${count})`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return ticksOf(session.userId ?? 'guest', count);
  }
}
