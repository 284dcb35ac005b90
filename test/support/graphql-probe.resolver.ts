import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRecentLogin, Session, SessionGuard } from '../../src/index.js';

/** How recent a login the `sensitive` query wants, in seconds (a spec sets it). */
export const recentLoginProbe = { seconds: 300 };

/**
 * The GraphQL specs' queries and mutations on the session: read a key, who is logged in (guarded),
 * log in, log out, set a key.
 */
@Resolver()
export class ProbeResolver {
  @Query(() => String, { nullable: true })
  value(@Session() session: Session, @Args('key') key: string): unknown {
    return session[key] ?? null;
  }

  @Query(() => String, { nullable: true })
  @UseGuards(SessionGuard)
  me(@Session() session: Session): string | undefined {
    return session.userId;
  }

  /** Behind `@RequireRecentLogin()`, its seconds read on each operation from {@link recentLoginProbe}. */
  @Query(() => String, { nullable: true })
  @RequireRecentLogin(() => recentLoginProbe.seconds)
  sensitive(@Session() session: Session): string | undefined {
    return session.userId;
  }

  @Mutation(() => String)
  login(@Session() session: Session, @Args('username') username: string): string {
    session.logIn(username);
    return username;
  }

  @Mutation(() => Boolean)
  logout(@Session() session: Session): boolean {
    session.destroy();
    return true;
  }

  @Mutation(() => String)
  setValue(
    @Session() session: Session,
    @Args('key') key: string,
    @Args('value') value: string,
  ): string {
    session[key] = value;
    return value;
  }
}
