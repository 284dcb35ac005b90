import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

/** One HTTP request, as an API Gateway HTTP API hands it to a Lambda function. */
export interface HttpApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path, e.g. `/auth/me`, with `?query` if any. */
  url: string;
  /** Request headers (API Gateway lower-cases their names). */
  headers?: Record<string, string>;
  /** The `Cookie` header's pairs (`name=value`): an HTTP API moves them into the event's `cookies`. */
  cookies?: string[];
  /** A JSON body (sent as `Content-Type: application/json`). */
  json?: unknown;
}

/**
 * The API Gateway HTTP API event (payload format 2.0, route `$default`) for `request`, as API Gateway
 * builds it: the body as text (`isBase64Encoded: false`), the cookies in `cookies` and not in the
 * headers, `requestContext.http` with the method, path and source IP.
 */
export function httpApiEvent(request: HttpApiRequest): APIGatewayProxyEventV2 {
  const [rawPath = '/', rawQueryString = ''] = request.url.split('?', 2);
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(request.cookies === undefined ? {} : { cookies: request.cookies }),
    headers: {
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'lambda-e2e',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-forwarded-for': '203.0.113.7',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...request.headers,
    },
    ...(rawQueryString === ''
      ? {}
      : { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'lambda-e2e',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
  };
}

/** A Lambda context for one invocation, as the Node.js runtime passes it (30 s to run). */
export function lambdaContext(functionName = 'sample'): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
