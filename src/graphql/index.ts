// The GraphQL entry point, `nestjs-dynamodb-session/graphql`: loads @nestjs/graphql and graphql, which
// the main entry point never does.
export { DynamoSessionGraphqlModule } from './dynamo-session-graphql.module.js';
export { SessionApolloPlugin } from './session-apollo.plugin.js';
export { SessionSubscriptions, type SessionGraphqlWsSettings } from './session-subscriptions.js';
export type { GraphqlWsConnection, SessionGraphqlWsOptions } from './graphql-ws-subscriptions.js';
export type { SessionMercuriusSubscriptionOptions } from './mercurius-subscriptions.js';
export type { SubscriptionSocket } from './graphql-subscription-session.js';
export {
  SESSION_ERROR_CODES,
  graphqlSessionError,
  type SessionErrorCode,
} from './graphql-session-error.js';
