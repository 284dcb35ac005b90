// `nestjs-dynamodb-session/streams`: a Lambda handler for the sessions table's DynamoDB stream. It
// needs neither Nest nor the AWS SDK at run time.
export {
  sessionExpiryHandler,
  type SessionExpiryHandler,
  type SessionExpiryHandlerOptions,
} from './session-expiry-handler.js';
export type {
  SessionStreamBatchResponse,
  SessionStreamEvent,
  SessionStreamRecord,
  StreamAttributeValue,
} from './session-stream-event.js';
export type {
  SessionEvent,
  SessionEventListener,
  SessionEventType,
} from '../session/session-event.js';
