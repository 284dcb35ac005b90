// `nestjs-dynamodb-session/passport`: needs passport (an optional peer dependency, with @nestjs/passport
// in the app). The main entry point never loads Passport.
export {
  DynamoSessionPassportModule,
  type DynamoSessionPassportOptions,
  type PassportSessionRoute,
} from './dynamo-session-passport.module.js';
export type { PassportUserIdOf } from './passport-user-id.js';
export { PassportSessionMiddleware } from './passport-session.middleware.js';
export type { PassportRequestSession } from './passport-request-session.js';
