import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { SessionManager } from '../session/session-manager.js';
import { findSessionManager } from '../http/find-session-manager.js';
import { endOperation, expectOperationEnd } from './graphql-operation.js';
import { SESSION_ERROR_CODES, sessionErrorStatus } from './graphql-session-error.js';

/**
 * The metadata key of `@Plugin()` from `@nestjs/apollo`, by which the Apollo driver finds plugins among
 * the app's providers. Set here rather than through the decorator so that loading this entry point does
 * not need `@nestjs/apollo` (a Mercurius app has none); a spec checks it against the package.
 */
export const APOLLO_PLUGIN_METADATA = 'graphql:plugin';

/** What the plugin uses of Apollo's context (the Nest driver puts the HTTP request in it). */
interface ApolloContext {
  req?: object & { res?: object };
  res?: object;
}

/** A GraphQL error as Apollo formats it into a response. */
interface FormattedError {
  message: string;
  extensions?: Readonly<Record<string, unknown>>;
}

/** What the plugin uses of Apollo's response (`@apollo/server`'s `GraphQLResponse`). */
interface ApolloResponse {
  body:
    | { kind: 'single'; singleResult: { data?: unknown; errors?: readonly FormattedError[] } }
    | { kind: 'incremental' };
  http: { status?: number };
}

/**
 * Saves the session of a GraphQL operation served by Apollo once all its resolvers ran, before the
 * response is sent: the cookie a login set goes on the HTTP response. A failed save replaces the data
 * with the session's error (nothing of it half-saved) and sets the HTTP status (503 for an outage).
 * `DynamoSessionGraphqlModule` provides it; the Apollo driver picks it up.
 */
@Injectable()
export class SessionApolloPlugin {
  private manager?: SessionManager;

  constructor(private readonly moduleRef: ModuleRef) {}

  async requestDidStart({
    contextValue,
  }: {
    contextValue: ApolloContext;
  }): Promise<{ willSendResponse(context: { response: ApolloResponse }): Promise<void> } | void> {
    const request = contextValue.req;
    const response = contextValue.res ?? request?.res;
    if (request === undefined || response === undefined) return;
    expectOperationEnd(request);
    this.manager ??= findSessionManager(this.moduleRef);
    const manager = this.manager;
    return {
      async willSendResponse(context: { response: ApolloResponse }) {
        const failed = await endOperation(manager, request, response);
        const { body, http } = context.response;
        if (body.kind !== 'single') return;
        const result = body.singleResult;
        if (failed !== undefined) {
          body.singleResult = { errors: [...(result.errors ?? []), failed] };
          http.status =
            SESSION_ERROR_CODES[failed.extensions.code as keyof typeof SESSION_ERROR_CODES];
          return;
        }
        const status = sessionErrorStatus(result.errors);
        if (status === SESSION_ERROR_CODES.SESSION_STORE_UNAVAILABLE) {
          // An outage: 503 as over REST (Nest's driver would reset the status of a response with data).
          body.singleResult = { errors: result.errors ?? [] };
          http.status = status;
        }
      },
    };
  }
}
Reflect.defineMetadata(APOLLO_PLUGIN_METADATA, true, SessionApolloPlugin);
