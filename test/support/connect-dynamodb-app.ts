import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import connectDynamoDb from 'connect-dynamodb';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Response } from 'supertest';
import { setCookies } from './cookies.js';

/** How the app being moved off ran express-session and connect-dynamodb. */
export interface ConnectDynamoDbAppOptions {
  readonly secret: string;
  /** connect-dynamodb's `table` (it creates it on first use, as it does in production). */
  readonly table: string;
  /** express-session's `name`. Default `connect.sid`. */
  readonly name?: string;
  /** connect-dynamodb's `prefix`. Default `sess:`. */
  readonly prefix?: string;
}

/**
 * The app being moved off: the real express-session on the real connect-dynamodb 3, on DynamoDB
 * Local. `POST /set` merges its JSON body into the session; `GET /get` answers the session's data.
 */
export function connectDynamoDbApp(
  client: DynamoDBClient,
  options: ConnectDynamoDbAppOptions,
): Express {
  const DynamoDBStore = connectDynamoDb(session) as unknown as new (
    options: connectDynamoDb.DynamoDBStoreOptions,
  ) => session.Store;
  const app = express();
  app.use(express.json());
  app.use(
    session({
      secret: options.secret,
      name: options.name ?? 'connect.sid',
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: 3_600_000 },
      store: new DynamoDBStore({ client, table: options.table, prefix: options.prefix }),
    }),
  );
  app.post('/set', (req, res) => {
    Object.assign(req.session, req.body);
    res.json({ ok: true });
  });
  app.get('/get', (req, res) => {
    const data: Record<string, unknown> = { ...req.session };
    delete data['cookie'];
    res.json(data);
  });
  return app;
}

/** The `Cookie` header carrying the express-session cookie `name` a response set. */
export function expressSessionCookieFrom(response: Response, name = 'connect.sid'): string {
  const cookie = setCookies(response).find((c) => c.name === name);
  if (cookie?.value === undefined) throw new Error(`the response set no ${name} cookie`);
  return `${name}=${encodeURIComponent(cookie.value)}`;
}
