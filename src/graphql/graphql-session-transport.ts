import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { Observable } from 'rxjs';
import { rawRequest } from '../http/http-exchange.js';
import { httpSessionInput } from '../http/http-session-input.js';
import type { SessionInput } from '../session/session-input.js';
import type { SessionManager } from '../session/session-manager.js';
import { REAUTHENTICATION_REQUIRED, type SessionTransport } from '../session/session-transport.js';
import { runSessionUnit, shareUnit } from '../session/session-unit.js';
import { operationEndExpected } from './graphql-operation.js';
import { graphqlSessionError } from './graphql-session-error.js';
import { isSubscriptionRequest } from './graphql-subscription-session.js';

/** The GraphQL context as Apollo (Express) and Mercurius (Fastify) give it to Nest. */
interface GraphqlContext {
  req?: object;
}

/**
 * The GraphQL adapter of the session core: an HTTP request is the unit of work, however many resolvers
 * its operation runs, so they share one session (one GetItem at most); the Apollo plugin or Mercurius
 * hook saves it once when the operation ends, before the response is sent. Core errors become GraphQL
 * errors with a code (`SESSION_STORE_UNAVAILABLE`, ...); `SessionGuard` refuses with `UNAUTHENTICATED`.
 */
export class GraphqlSessionTransport implements SessionTransport {
  readonly contextType = 'graphql';

  /** The raw HTTP request; every resolver of the operation shares the GraphQL context value it is in. */
  unitOf(context: ExecutionContext): object {
    const graphqlContext = graphqlContextOf(context);
    return shareUnit(graphqlContext, rawRequest(requestIn(graphqlContext)));
  }

  inputOf(context: ExecutionContext): SessionInput {
    return httpSessionInput(requestOf(context));
  }

  failure(_context: ExecutionContext, error: unknown): unknown {
    return graphqlSessionError(error);
  }

  unauthenticated(_context: ExecutionContext, message: string): unknown {
    return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
  }

  reauthenticationRequired(_context: ExecutionContext, message: string): unknown {
    return new GraphQLError(message, { extensions: { code: REAUTHENTICATION_REQUIRED } });
  }

  /** Loads the session before the resolver; the operation's end saves it (see `endOperation`). */
  intercept(
    context: ExecutionContext,
    next: CallHandler,
    manager: SessionManager,
  ): Observable<unknown> {
    const graphqlContext = graphqlContextOf(context);
    const request = requestIn(graphqlContext);
    if (isSubscriptionRequest(request)) {
      // Loaded read-only at connect (the memo answers); nothing to save. Mercurius gives each
      // subscription a copy of the connection's context: share the unit with the one the resolver got.
      this.unitOf(context);
      return next.handle();
    }
    if (!operationEndExpected(request)) {
      // A wiring mistake: a plain Error, so Nest logs it.
      throw new Error(
        'The session of this GraphQL operation would never be saved: import DynamoSessionGraphqlModule (from "nestjs-dynamodb-session/graphql") next to GraphQLModule, which installs the Apollo plugin or the Mercurius hooks that save it.',
      );
    }
    return runSessionUnit(
      {
        manager,
        unit: this.unitOf(context),
        input: () => httpSessionInput(request),
        // No end: the Apollo plugin or the Mercurius hook saves the session when the operation ends.
        failure: graphqlSessionError,
      },
      () => next.handle(),
    );
  }
}

/** The GraphQL context of `context`. */
function graphqlContextOf(context: ExecutionContext): GraphqlContext {
  return GqlExecutionContext.create(context).getContext<GraphqlContext>();
}

/** The HTTP request of `context`'s GraphQL context (Express's or Fastify's request object). */
function requestOf(context: ExecutionContext): object {
  return requestIn(graphqlContextOf(context));
}

/** The HTTP request of a GraphQL context value. */
function requestIn(graphqlContext: GraphqlContext): object {
  const request = graphqlContext.req;
  if (request === undefined) {
    throw new Error(
      "The session is not available here: the GraphQL context has no \"req\". For subscriptions, pass SessionSubscriptions.graphqlWs() as the Apollo driver's subscriptions: { 'graphql-ws': ... }, or SessionSubscriptions.mercurius() as the Mercurius driver's subscription (see docs/graphql.md); a custom context function must keep the request as { req }, as the Apollo and Mercurius drivers do by default.",
    );
  }
  return request;
}
