import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { createAdminRouter } from '../admin/create-admin-router.js';
import type { MockRuntime } from '../mock-runtime.js';
import { createErrorHandler } from './error-handler.js';
import { createOperationDispatcher } from './create-operation-dispatcher.js';
import { createOperationHandler } from './operation-handler.js';

/**
 * A mock app: a Node request listener that calls `done` (when given) for a request no route could take —
 * one whose target has no path Express can read — instead of answering it outside the profile's dialect.
 */
export interface AppHandler {
  (request: IncomingMessage, response: ServerResponse, done?: (error?: unknown) => void): void;
  /** The prototype the app gives every request it handles (Express's `app.request`). */
  readonly request: IncomingMessage;
  /** The prototype the app gives every response (Express's `app.response`). */
  readonly response: ServerResponse;
}

/** Options of {@link createApp}. */
export interface AppOptions {
  runtime: MockRuntime;
  logger: Logger;
  /** Require `Authorization: Bearer <token>` on /__admin instead of a loopback client. */
  adminToken?: string | null;
  /** Largest accepted request body (bytes or a size like `100kb`). Default 100kb. */
  bodyLimit?: string | number;
}

/**
 * Builds the Express app of a profile without listening: the admin API under `/__admin`, then one
 * dispatcher for the profile's operations (405 with `Allow` for a known path with another method, 404 for
 * any other path) — every error in the profile's dialect.
 */
export function createApp(options: AppOptions): AppHandler {
  const { runtime, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);

  app.use('/__admin', createAdminRouter({ runtime, logger, adminToken: options.adminToken ?? null }));

  const readRaw = express.raw({ type: () => true, limit: options.bodyLimit ?? '100kb' });
  const operations = runtime.profile.operations.map(
    (operation) => [operation, createOperationHandler(operation, runtime, logger, operation.requestBody ? readRaw : null)] as const,
  );
  app.use(createOperationDispatcher(operations));
  app.use(createErrorHandler(runtime, logger));
  return app;
}
