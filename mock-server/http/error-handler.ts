import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { MockRuntime } from '../mock-runtime.js';
import { challengesFor } from './challenges.js';
import type { OperationLocals } from './operation-handler.js';
import { recordExchange } from './record-exchange.js';
import { renderError, type RenderedError } from './render-error.js';
import { toAuthproofError } from './to-authproof-error.js';

/** Writes a rendered error unless headers already went out; Node leaves the body out on HEAD. */
export function sendRendered(response: ServerResponse, rendered: RenderedError): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(rendered.status, { ...rendered.headers, 'content-length': Buffer.byteLength(rendered.body) }).end(rendered.body);
}

/**
 * The one place where failures become responses, in the operation's error dialect (else the profile's),
 * with the status and message the profile's catalogue gives. A 401 challenges with every scheme the
 * operation accepts; failures on the server's side (5xx) are logged, without the request's headers;
 * unexpected errors are answered with a 500.
 */
export function createErrorHandler(runtime: MockRuntime, logger: Logger): ErrorRequestHandler {
  const { profile } = runtime;
  return (error, request, response, _next) => {
    const failure = toAuthproofError(error);
    if (failure.status >= 500) logger.error({ err: error, method: request.method, path: request.path }, 'unhandled error');
    const { operation } = response.locals as OperationLocals;
    const accepted = operation ? [...new Set(operation.security.flat())] : [];
    // A 401 must challenge (RFC 9110 §15.5.2); where the operation names no scheme (a failed login), offer the profile's.
    const schemes = accepted.length > 0 ? accepted.flatMap((name) => profile.schemes.filter((scheme) => scheme.name === name)) : profile.schemes;
    sendRendered(
      response,
      renderError(profile.errors, failure, {
        dialect: operation?.errorDialect,
        path: request.path,
        method: request.method,
        now: runtime.clock.now(),
        challenges: challengesFor(profile.id, schemes, failure),
      }),
    );
    recordExchange(runtime, logger, request, response);
  };
}

