import { createServer, STATUS_CODES, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '../core/clock.js';
import { AuthproofError } from '../core/errors.js';
import type { Profile } from '../profile/profile.js';
import { sendRendered } from './error-handler.js';
import type { AppHandler } from './create-app.js';
import { renderError } from './render-error.js';
import { toAuthproofError } from './to-authproof-error.js';

/** The path of a request target, for an error body. */
function pathOf(target: string | undefined): string {
  return (target ?? '').split('?')[0]!;
}

/** The method and path of a request, as far as they are known. */
interface RawRequest {
  method: string;
  path: string;
}

/** The method of a request Node could not parse, when its first bytes name one (no path: it may be what failed). */
function rawRequest(packet: Buffer | undefined): RawRequest {
  return { method: /^([A-Z]+) /.exec(packet?.subarray(0, 16).toString('latin1') ?? '')?.[1] ?? '', path: '' };
}

/**
 * Writes an error straight to a socket Node's HTTP layer gave up on, then closes it; no body on HEAD.
 * Like Node's own handler, it writes nothing when a response already went out on the socket (bytes after
 * an answered request, such as a body left unread, fail to parse as the next request).
 */
function endSocket(socket: Duplex, profile: Profile, clock: Clock, failure: AuthproofError, request: RawRequest): void {
  const answering = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || answering?.headersSent) {
    socket.destroy();
    return;
  }
  const rendered = renderError(profile.errors, failure, { ...request, now: clock.now(), challenges: [] });
  const lines = [`HTTP/1.1 ${rendered.status} ${STATUS_CODES[rendered.status]}`];
  for (const [name, value] of Object.entries(rendered.headers)) lines.push(`${name}: ${String(value)}`);
  lines.push(`content-length: ${Buffer.byteLength(rendered.body)}`, 'connection: close');
  socket.end(`${lines.join('\r\n')}\r\n\r\n${request.method === 'HEAD' ? '' : rendered.body}`);
}

/** The failure behind a parser error Node reports through `clientError`. */
function clientFailure(code: string | undefined): AuthproofError {
  if (code === 'HPE_HEADER_OVERFLOW') return new AuthproofError('headers_too_large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AuthproofError('request_timeout');
  return new AuthproofError('invalid_request', 'The request is not valid HTTP/1.1');
}

/**
 * The HTTP server of a mock. What Node's HTTP layer refuses before the app sees a request is answered in the
 * profile's error dialect too, through the same renderer, and without a body on HEAD: a request it cannot
 * parse (`clientError`: 400, oversized headers 431, a timeout 408), an HTTP/1.1 request without `Host`
 * (400), an `Expect` other than `100-continue` (`checkExpectation`: 417), `CONNECT` (405) and a target
 * without a path Express can read (404). A client
 * expecting `100-continue` gets it only when its body is read (`checkContinue`). Requests and responses
 * are born with the app's prototypes.
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-3.2 (Host is required in HTTP/1.1)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1 (Expect)
 */
export function createHttpServer(app: AppHandler, profile: Profile, clock: Clock): Server {
  const answer = (request: IncomingMessage, response: ServerResponse, failure: AuthproofError): void => {
    sendRendered(response, renderError(profile.errors, failure, { path: pathOf(request.url), method: request.method ?? '', now: clock.now(), challenges: [] }));
  };
  // Node's own Host check answers a bare 400; this one answers in the dialect.
  const handle: RequestListener = (request, response) => {
    if (request.headers.host === undefined && request.httpVersion === '1.1') {
      answer(request, response, new AuthproofError('invalid_request', 'An HTTP/1.1 request needs a Host header'));
    } else {
      // Express answers a target it reads no path from (some with `\\`, `%` and `@`) with its own HTML 404.
      app(request, response, (error) => answer(request, response, error === undefined ? new AuthproofError('route_not_found') : toAuthproofError(error)));
    }
  };
  const server = createServer({ requireHostHeader: false, IncomingMessage: app.IncomingMessage, ServerResponse: app.ServerResponse }, handle);
  // 100 Continue goes out when the body is about to be read (continueIfExpected), not before authentication.
  server.on('checkContinue', handle);
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    answer(request, response, new AuthproofError('expectation_failed', `Expect: ${request.headers.expect} is not supported`));
  });
  server.on('connect', (request: IncomingMessage, socket: Duplex) => {
    const failure = new AuthproofError('method_not_allowed', 'CONNECT is not supported', { allow: [] });
    endSocket(socket, profile, clock, failure, { method: 'CONNECT', path: pathOf(request.url) });
  });
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (error.code === 'ECONNRESET') socket.destroy();
    else endSocket(socket, profile, clock, clientFailure(error.code), rawRequest(error.rawPacket));
  });
  return server;
}
