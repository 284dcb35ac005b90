// `nestjs-dynamodb-session/terminus`: needs the optional peer dependency @nestjs/terminus.
export { DynamoSessionHealthIndicator } from './dynamo-session.health.js';
