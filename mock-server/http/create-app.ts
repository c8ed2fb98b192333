import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { AuthproofError } from '../core/errors.js';
import { createAdminRouter } from '../admin/create-admin-router.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationDefinition } from '../profile/profile.js';
import { createErrorHandler } from './error-handler.js';
import { createOperationHandler } from './operation-handler.js';

/**
 * A mock app: a Node request listener that calls `done` (when given) for a request no route could take —
 * one whose target has no path Express can read — instead of answering it outside the profile's dialect.
 */
export type AppHandler = (request: IncomingMessage, response: ServerResponse, done?: (error?: unknown) => void) => void;

/** Options of {@link createApp}. */
export interface AppOptions {
  runtime: MockRuntime;
  logger: Logger;
  /** Require `Authorization: Bearer <token>` on /__admin instead of a loopback client. */
  adminToken?: string | null;
  /** Largest accepted request body (bytes or a size like `100kb`). Default 100kb. */
  bodyLimit?: string | number;
}

/** `/key/info/{merchantID}` → `/key/info/:merchantID` (quoted when the name is not an identifier). */
function toExpressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `:${name}` : `:"${name}"`));
}

/**
 * Builds the Express app of a profile without listening: one route per OpenAPI path, the admin API under
 * `/__admin`, 405 with `Allow` for a known path with another method, and 404 for any other path — every
 * error in the profile's dialect.
 */
export function createApp(options: AppOptions): AppHandler {
  const { runtime, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);

  app.use('/__admin', createAdminRouter({ runtime, logger, adminToken: options.adminToken ?? null }));

  const readRaw = express.raw({ type: () => true, limit: options.bodyLimit ?? '100kb' });
  const byPath = new Map<string, OperationDefinition[]>();
  for (const operation of runtime.profile.operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  for (const [path, operations] of byPath) {
    const route = app.route(toExpressPath(path));
    for (const operation of operations) {
      const method = operation.method as 'get' | 'post' | 'put' | 'delete' | 'patch' | 'head' | 'options';
      route[method](createOperationHandler(operation, runtime, logger, operation.requestBody ? readRaw : null));
    }
    const allow = operations.map((operation) => operation.method.toUpperCase());
    if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
    route.all(() => {
      throw new AuthproofError('method_not_allowed', `Allowed methods: ${allow.join(', ')}`, { allow });
    });
  }

  app.use(() => {
    throw new AuthproofError('route_not_found');
  });
  app.use(createErrorHandler(runtime, logger));
  return app;
}
