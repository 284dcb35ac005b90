import { UseGuards } from '@nestjs/common';
import { Args, ArgsType, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Session, SessionGuard } from '../../src/index.js';
import { KvKeyDto } from '../dto/kv-key.dto.js';
import { IsSessionValue } from '../dto/kv-value.dto.js';
import { IsUsername } from '../dto/login.dto.js';
import type { SampleSession } from '../sample-session.js';
import { JsonScalar } from './json.scalar.js';

/** `type User { username: String! }` */
@ObjectType('User')
class User {
  @Field(() => String)
  username!: string;
}

/** `(key: String!)`, checked like the key of `/kv/:key` (its rules are KvKeyDto's). */
@ArgsType()
class KeyArgs extends KvKeyDto {}
Field(() => String)(KeyArgs.prototype, 'key');

/** `(key: String!, value: JSON!)`, checked like `PUT /kv/:key`. */
@ArgsType()
class SetValueArgs extends KeyArgs {
  @Field(() => JsonScalar)
  @IsSessionValue()
  value!: unknown;
}

/** `(username: String!)`, checked like `POST /auth/login`. */
@ArgsType()
class LoginArgs {
  @Field(() => String)
  @IsUsername()
  username!: string;
}

/**
 * `POST /graphql`: the same session as the REST routes (a value set with `PUT /kv/:key` is read by
 * `value(key)` and the other way round), one GetItem and one save per request at most.
 */
@Resolver()
export class SessionResolver {
  /** The logged-in user; `UNAUTHENTICATED` for anyone else. */
  @Query(() => User, { nullable: true })
  @UseGuards(SessionGuard)
  me(@Session() session: SampleSession): User {
    return { username: String(session.userId) };
  }

  /** A session value, or null when the session has no such key. */
  @Query(() => JsonScalar, { nullable: true })
  value(@Session() session: SampleSession, @Args() { key }: KeyArgs): unknown {
    return Object.keys(session).includes(key) ? session[key] : null;
  }

  /** Logs in (a new session id, the cookie set on the response), as `POST /auth/login` does. */
  @Mutation(() => User)
  login(@Session() session: SampleSession, @Args() { username }: LoginArgs): User {
    session.logIn(username);
    return { username };
  }

  /** Ends the session: its item is deleted and the cookie cleared. */
  @Mutation(() => Boolean)
  logout(@Session() session: SampleSession): boolean {
    session.destroy();
    return true;
  }

  /** Stores a value in the session and returns it. */
  @Mutation(() => JsonScalar, { nullable: true })
  setValue(@Session() session: SampleSession, @Args() { key, value }: SetValueArgs): unknown {
    session[key] = value;
    return value;
  }
}
