import { createRequire } from 'node:module';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import connectDynamoDb from 'connect-dynamodb';
import session from 'express-session';
import type { RequestHandler } from 'express';
import { benchClientConfig } from '../client-config.js';
import { IDLE_TIMEOUT_SECONDS, targetEnv } from '../target-env.js';

/** The cookie express-session uses by default. */
export const PEER_COOKIE_NAME = 'connect.sid';

/**
 * The `peer` target's session middleware: express-session 1.x with connect-dynamodb 3.0.5 as its
 * store, with the settings their READMEs recommend (`resave: false`, `saveUninitialized: false`) and a
 * cookie living as long as this library's idle timeout (`maxAge` 14 days, `HttpOnly`, `SameSite=Lax`).
 *
 * connect-dynamodb `require`s the AWS SDK v3 client (its optional dependency, which resolves to this
 * repository's `@aws-sdk/client-dynamodb`); the client handed to it is built from that same CommonJS
 * module, with the library's client settings. Its table (hash key `id`, item `{ id: "sess:<id>",
 * expires, type, sess: <JSON string> }`) is created by the store itself when missing, at boot.
 */
export async function createPeerSessionMiddleware(): Promise<RequestHandler> {
  const env = targetEnv();
  const require = createRequire(import.meta.url);
  const sdk = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
  const client: DynamoDBClient = new sdk.DynamoDBClient(benchClientConfig(env));
  const DynamoDBStore = connectDynamoDb(session);
  const store = new DynamoDBStore({ client, table: env.table });
  await store.initialize();
  return session({
    name: PEER_COOKIE_NAME,
    secret: env.secret,
    store,
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: IDLE_TIMEOUT_SECONDS * 1000, httpOnly: true, sameSite: 'lax' },
  });
}
