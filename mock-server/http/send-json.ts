import type { Request, Response } from 'express';

/** What Express's `type('application/json')` then `send(text)` would write; set as is, with the body's bytes. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Answers with a JSON body already encoded, with the response's status: the bytes Express's
 * `setHeader('content-type', …).send(body)` writes with ETags off (the same headers, in the same order and
 * case), written at once with `writeHead` and `end`. What `send` would treat otherwise — a HEAD, a status
 * without a body, an `If-None-Match` it may answer 304 (without an ETag or a Last-Modified, no other
 * request is fresh) — is left to `send`.
 */
export function sendJson(request: Request, response: Response, body: Buffer): void {
  const { statusCode } = response;
  const plain =
    request.method !== 'HEAD' &&
    statusCode >= 200 &&
    statusCode < 300 &&
    statusCode !== 204 &&
    statusCode !== 205 &&
    request.headers['if-none-match'] === undefined;
  if (plain) response.writeHead(statusCode, ['content-type', JSON_CONTENT_TYPE, 'Content-Length', String(body.length)]).end(body);
  else response.setHeader('content-type', JSON_CONTENT_TYPE).send(body);
}
