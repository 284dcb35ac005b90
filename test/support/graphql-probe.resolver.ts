import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Session, SessionGuard } from '../../src/index.js';

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
