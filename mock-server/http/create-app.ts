import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { createAdminRouter } from '../admin/create-admin-router.js';
import type { MockRuntime } from '../mock-runtime.js';
import { createErrorHandler } from './error-handler.js';
import { createOperationDispatcher } from './create-operation-dispatcher.js';
import { createOperationHandler } from './operation-handler.js';
import { bornWithPrototypesOf } from './born-with-prototypes.js';

/**
 * A mock app: a Node request listener that calls `done` for a request no route could take — one whose
 * target has no path Express can read — instead of answering it outside the profile's dialect.
 */
export interface AppHandler {
  (request: IncomingMessage, response: ServerResponse, done: (error?: unknown) => void): void;
  /** The constructors node:http should build the app's requests with (`createServer`'s option of that name): born with the app's prototype. */
  readonly IncomingMessage: typeof IncomingMessage;
  /** The same for responses. */
  readonly ServerResponse: typeof ServerResponse;
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

/** Gives an object a prototype, unless it has it already (`Object.setPrototypeOf` would still cost a call into V8's runtime). */
const withPrototype = <T extends object>(object: T, prototype: object): T => (Object.getPrototypeOf(object) === prototype ? object : Object.setPrototypeOf(object, prototype));

/** Where the admin API is mounted. */
const ADMIN_MOUNT = '/__admin';

/** Whether a request path is the admin API's (as Express matches a mount: case-sensitive, a whole segment). */
const isAdminPath = (path: string): boolean => path === ADMIN_MOUNT || path.startsWith(`${ADMIN_MOUNT}/`);

/**
 * Builds the request listener of a profile without listening: the admin API under `/__admin`, routed by
 * Express, and one dispatcher for the profile's operations (405 with `Allow` for a known path with another
 * method, 404 for any other path) — every error in the profile's dialect.
 *
 * The dispatcher is called directly rather than as the last middleware of Express's router, which would only
 * walk past the admin mount to reach it: a request for it is prepared as Express's `app.handle` prepares
 * one (its prototypes are the app's from birth, see `createHttpServer`), and what it throws or rejects with
 * goes to the error handler, as the router would send it. A target Express reads no path from goes to Express.
 */
export function createApp(options: AppOptions): AppHandler {
  const { runtime, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('case sensitive routing', true);
  app.use(ADMIN_MOUNT, createAdminRouter({ runtime, logger, adminToken: options.adminToken ?? null }));
  const constructors = bornWithPrototypesOf(app);

  const readRaw = express.raw({ type: () => true, limit: options.bodyLimit ?? '100kb' });
  const operations = runtime.profile.operations.map(
    (operation) => [operation, createOperationHandler(operation, runtime, logger, operation.requestBody ? readRaw : null)] as const,
  );
  const dispatch = createOperationDispatcher(operations);
  const answerError = createErrorHandler(runtime, logger);

  /** Answers what the dispatcher threw or rejected with; what cannot be answered goes to `done`. */
  const fail = (error: unknown, request: Request, response: Response, done: (error?: unknown) => void): void => {
    try {
      answerError(error, request, response, () => {});
    } catch (unanswered) {
      done(unanswered);
    }
  };

  const handle = (incoming: IncomingMessage, outgoing: ServerResponse, done: (error?: unknown) => void): void => {
    // As app.handle does (nothing to do when they were born with them).
    const request = withPrototype(incoming, app.request) as Request;
    const response = withPrototype(outgoing, app.response) as Response;
    // Express's getter: the target's path, null or undefined when it has none that Express can read.
    const path: string | null | undefined = request.path;
    if (typeof path !== 'string' || isAdminPath(path)) {
      app(request, response, done);
      return;
    }
    request.res = response;
    response.req = request;
    response.locals = {};
    try {
      const pending = dispatch(request, response);
      if (pending instanceof Promise) pending.catch((error: unknown) => fail(error, request, response, done));
    } catch (error) {
      fail(error, request, response, done);
    }
  };
  return Object.assign(handle, constructors);
}
