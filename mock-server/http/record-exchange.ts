import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationLocals } from './operation-handler.js';

/**
 * Adds an answered request to the admin journal (and the debug log). Called where responses are sent —
 * the operation pipeline and the error handler — rather than from a `finish` listener on every response.
 */
export function recordExchange(runtime: MockRuntime, logger: Logger, request: Request, response: Response): void {
  const locals = response.locals as OperationLocals;
  const atMs = runtime.clock.now();
  const { method, path } = request;
  const { statusCode: status } = response;
  const operationId = locals.operation?.operationId ?? null;
  const scheme = locals.scheme ?? null;
  runtime.journal.record(atMs, method, path, status, operationId, scheme);
  if (logger.isLevelEnabled('debug')) logger.debug({ atMs, method, path, status, operationId, scheme }, 'request');
}
