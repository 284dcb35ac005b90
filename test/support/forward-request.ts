import { request as forward, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * Sends `request` on to `target` and pipes the answer back to `response`. The body is `body` when the
 * caller already read it, else the request stream itself. A failed upstream drops the connection.
 */
export function forwardRequest(
  target: URL,
  request: IncomingMessage,
  response: ServerResponse,
  body?: Buffer,
): void {
  const upstream = forward(
    {
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      headers: request.headers,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    },
  );
  upstream.on('error', () => response.destroy());
  if (body === undefined) request.pipe(upstream);
  else upstream.end(body);
}
