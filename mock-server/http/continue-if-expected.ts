import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sends `100 Continue` when the client waits for it before sending its body. The server answers
 * `Expect: 100-continue` itself (see createHttpServer), so that a request refused before its body is
 * read — no credential, a foreign origin — never makes the client send the body.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1
 */
export function continueIfExpected(request: IncomingMessage, response: ServerResponse): void {
  if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
}
