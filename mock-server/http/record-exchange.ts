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
  const entry = {
    atMs: runtime.clock.now(),
    method: request.method,
    path: request.path,
    status: response.statusCode,
    operationId: locals.operation?.operationId ?? null,
    scheme: locals.scheme ?? null,
  };
  runtime.journal.record(entry);
  if (logger.isLevelEnabled('debug')) logger.debug(entry, 'request');
}
