// `nestjs-dynamodb-session/config`: needs the optional peer dependency @nestjs/config (4 for NestJS 11,
// 12 for NestJS 12). The main entry point does not load it: `sessionOptionsFromEnv` reads the same
// variables without it.
export { dynamoSessionConfig, type DynamoSessionConfig } from './dynamo-session.config.js';
