import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../sample/embedded-dynamodb.js';

/**
 * The environment of the bench's children: the parent's, with DynamoDB Local's region and dummy
 * credentials, without Node flags meant for the parent (e.g. jest's).
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    ...extra,
  };
  delete env['NODE_OPTIONS'];
  return env;
}
