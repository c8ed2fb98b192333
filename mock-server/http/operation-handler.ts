import type { Request, RequestHandler, Response } from 'express';
import { actions, type ActionResult } from '../core/actions/index.js';
import { authorize } from '../core/authorize.js';
import { AuthproofError } from '../core/errors.js';
import { touchKey } from '../core/key-lifecycle.js';
import type { Principal } from '../core/principal.js';
import type { MockRuntime } from '../mock-runtime.js';
import { deref } from '../profile/json-pointer.js';
import { merchantKeyScheme, type OperationDefinition } from '../profile/profile.js';
import { projectOnSchema } from '../profile/project-on-schema.js';
import { authenticate } from './authenticate.js';
import { readJsonBody } from './read-json-body.js';

/** What the journal and the error handler learn about the request while it is handled. */
export interface OperationLocals {
  operation?: OperationDefinition;
  scheme?: string;
}

function enforceRateLimit(principal: Principal, runtime: MockRuntime, now: number): void {
  const limiter = runtime.limiterFor(principal.scheme);
  if (!limiter) return;
  const callerId = principal.kind === 'merchant-key' ? principal.keyHash : principal.userId;
  const decision = limiter.consume(callerId, now);
  if (!decision.allowed) {
    const { limit, windowSeconds } = limiter.policy;
    throw new AuthproofError('rate_limited', `Rate limit of ${limit} requests per ${windowSeconds} s exceeded for this credential`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
}

/**
 * The request pipeline of one operation: authenticate (401 / 403 wrong kind) → record the key's use →
 * authorize the merchant and the client address (403) → rate limit (429) → validate parameters and
 * body (400) → run the action → answer with the documented success status and the body projected on
 * the documented schema.
 */
export function createOperationHandler(operation: OperationDefinition, runtime: MockRuntime): RequestHandler {
  const { run } = actions[operation.action.name];
  const responseSchema = operation.successSchema === null ? null : deref(runtime.profile.document, { $ref: operation.successSchema });
  const keyFormat = merchantKeyScheme(runtime.profile)?.keyFormat ?? null;
  const schemes = new Map(runtime.profile.schemes.map((scheme) => [scheme.name, scheme]));

  return async (request: Request, response: Response) => {
    const locals = response.locals as OperationLocals;
    locals.operation = operation;
    const principal = await authenticate(operation, request.headers, runtime);
    const pathParams = request.params as Record<string, string>;
    const merchantId = operation.merchantParam === null ? null : (pathParams[operation.merchantParam] ?? null);
    if (principal) {
      locals.scheme = principal.scheme;
      const now = runtime.clock.now();
      if (principal.kind === 'merchant-key') runtime.store.set(touchKey(runtime.store.get(), principal.keyHash, now));
      authorize(runtime.store.get(), {
        principal,
        merchantId,
        clientIp: request.socket.remoteAddress ?? '',
        allowlistApplies: schemes.get(principal.scheme)?.ipAllowlist ?? false,
      });
      enforceRateLimit(principal, runtime, now);
    }
    const { params, query } = runtime.validator.parameters(operation, pathParams, request.query);
    const body = readJsonBody(operation, request, runtime.validator);

    const outcome = run({
      state: runtime.store.get(),
      now: runtime.clock.now(),
      principal,
      merchantId,
      params,
      query,
      body,
      options: operation.action.options,
      random: runtime.random,
      tokens: runtime.tokens,
      keyFormat,
    });
    // A synchronous action's state is committed before anything else runs; asynchronous actions only read.
    const result: ActionResult = outcome instanceof Promise ? await outcome : outcome;
    if (result.state) runtime.store.set(result.state);

    response.status(operation.successStatus);
    if (responseSchema === null) response.end();
    else response.json(projectOnSchema(result.body, responseSchema, runtime.profile.document));
  };
}
