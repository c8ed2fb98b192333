import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { actions, type ActionResult } from '../core/actions/index.js';
import { authorize } from '../core/authorize.js';
import { AuthproofError } from '../core/errors.js';
import { accountOf, type Principal } from '../core/principal.js';
import type { Tenant } from '../core/state.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationDefinition } from '../profile/profile.js';
import { createProjector, encodeProjection } from '../profile/create-projector.js';
import { createAuthenticator, type Admission } from './authenticate.js';
import { credentialHandlers } from './security/credential-handlers.js';
import type { CredentialHandler } from './security/credential-handler.js';
import { continueIfExpected } from './continue-if-expected.js';
import { readRequestBody } from './read-request-body.js';
import { recordExchange } from './record-exchange.js';
import { sendJson } from './send-json.js';
import { createParameterReader } from './validated-parameters.js';
import type { MaybePromise } from '../core/maybe-promise.js';

/** Answers one request for an operation; a promise when it has to wait (a JWT, a body), which rejects with its failure. */
export type OperationHandler = (request: Request, response: Response) => MaybePromise<void>;

/** What the journal and the error handler learn about the request while it is handled. */
export interface OperationLocals {
  operation?: OperationDefinition;
  scheme?: string;
}

function enforceRateLimit(principal: Principal, handler: CredentialHandler, runtime: MockRuntime, now: number): void {
  const limiter = runtime.limiterFor(principal.scheme);
  if (!limiter) return;
  // A credential may carry its own limit (a key's rateLimit); otherwise the scheme's.
  const key = handler.rateLimitKey(principal, runtime);
  const limit = key.limit ?? limiter.policy.limit;
  const decision = limiter.consume(key.callerId, now, limit);
  if (!decision.allowed) {
    const { windowSeconds } = limiter.policy;
    throw new AuthproofError('rate_limited', `Rate limit of ${limit} requests per ${windowSeconds} s exceeded for this credential`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
}

/**
 * Whose data the operation acts on: the merchant in its path, or the caller's own account
 * (`x-authproof-tenant: me`) — which a key issued to a merchant does not have (403).
 */
function tenantOf(operation: OperationDefinition, principal: Principal | null, merchantId: string | null): Tenant | null {
  if (merchantId !== null) return { kind: 'merchant', id: merchantId };
  if (!operation.tenantIsCaller || principal === null) return null;
  const account = accountOf(principal);
  if (!account) throw new AuthproofError('merchant_forbidden', "This credential belongs to a merchant, not to an account");
  return account;
}

/**
 * The environment the operation acts in: the one its path names (`x-authproof-environment-param`) — which a
 * key of another environment does not see (404) — else that of the caller's key; null where there is none.
 * @see shared/seeds/004_4c7136efad9427a9.txt — "the key itself determines which environment the request runs in."
 */
function environmentOf(operation: OperationDefinition, principal: Principal | null, pathParams: Record<string, string>, environments: ReadonlySet<string>): string | null {
  const own = principal?.kind === 'key' ? principal.environment : null;
  if (operation.environmentParam === null) return own;
  const named = pathParams[operation.environmentParam] ?? '';
  if (!environments.has(named) || (own !== null && own !== named)) throw new AuthproofError('not_found', `No environment ${named} here`);
  return named;
}

/**
 * The credential must hold every permission the operation's security requirement names as OpenAPI scopes;
 * checked after its use is recorded.
 * @throws {AuthproofError} `permission_missing` naming the first one it lacks.
 * @see shared/providers.md §3.4 — a key without the permission gets 403, its lastUsedAt set before the check.
 */
function requirePermissions(held: readonly string[] | null, required: readonly string[], scheme: string): void {
  const lacking = held === null ? undefined : required.find((permission) => !held.includes(permission));
  if (lacking !== undefined) throw new AuthproofError('permission_missing', `This credential lacks the permission ${lacking}`, { scheme });
}

/** Reads the request body with `readRaw` (which enforces the size limit: 413). */
function readBody(readRaw: RequestHandler, request: Request, response: Response): Promise<void> {
  continueIfExpected(request, response);
  return new Promise((resolve, reject) => {
    void readRaw(request, response, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

/**
 * The request pipeline of one operation: authenticate (401 / 403 wrong kind) → record the key's use →
 * authorize the merchant and the client address (403) → permissions (403) → rate limit (429) → read the body (413) →
 * validate parameters and body (400) → run the action → answer with the documented success status and
 * the body projected on the documented schema. The body is read only once the caller is admitted, so an
 * oversized body without a credential gets 401. Steps that need nothing asynchronous run synchronously, one
 * after the other without a callback between them; a synchronous action's new state is committed before
 * anything else can run.
 * @param readRaw reads the raw body within the size limit; null when the operation takes no body.
 */
export function createOperationHandler(operation: OperationDefinition, runtime: MockRuntime, logger: Logger, readRaw: RequestHandler | null): OperationHandler {
  const { run } = actions[operation.action.name];
  const project = operation.successSchema === null ? null : createProjector({ $ref: operation.successSchema }, runtime.profile.document);
  const schemes = new Map(runtime.profile.schemes.map((scheme) => [scheme.name, scheme]));
  const authenticate = createAuthenticator(operation, runtime);
  const keySchemes = runtime.keySchemesFor(operation);
  const environments = new Set(runtime.profile.schemes.flatMap((scheme) => Object.keys(scheme.keyFormat?.environments ?? {})));
  const parametersOf = createParameterReader();

  function admit(request: Request, { principal, permissions }: Admission, merchantId: string | null): void {
    const now = runtime.clock.now();
    const scheme = schemes.get(principal.scheme)!;
    const handler = credentialHandlers[scheme.credential];
    handler.recordUse(principal, runtime, now);
    const ipRule = scheme.ipAllowlist === null ? null : handler.ipRule(principal, runtime, scheme.ipAllowlist);
    // The socket is asked for the client's address only where a list of addresses applies.
    authorize(runtime.store.get(), { principal, merchantId, clientIp: () => request.socket.remoteAddress ?? '', ipRule });
    requirePermissions(handler.permissions(principal, runtime), permissions, principal.scheme);
    enforceRateLimit(principal, handler, runtime, now);
  }

  /** Admits the caller, then reads the body (a promise while it arrives) and goes on. */
  function admitted(request: Request, response: Response, admission: Admission | null): MaybePromise<void> {
    const merchantId = operation.merchantParam === null ? null : ((request.params as Record<string, string>)[operation.merchantParam] ?? null);
    if (admission) {
      (response.locals as OperationLocals).scheme = admission.principal.scheme;
      admit(request, admission, merchantId);
    }
    const principal = admission?.principal ?? null;
    if (readRaw === null) return act(request, response, principal, merchantId);
    return readBody(readRaw, request, response).then(() => act(request, response, principal, merchantId));
  }

  /** Validates the request (compiling the checks on first use), runs the action and answers. */
  function act(request: Request, response: Response, principal: Principal | null, merchantId: string | null): MaybePromise<void> {
    const validator = runtime.validator.forOperation(operation);
    if (validator instanceof Promise) return validator.then(() => act(request, response, principal, merchantId));
    const { params, query } = parametersOf(request, validator);
    const body = readRequestBody(operation, request, validator);
    const result = run({
      state: runtime.store.get(),
      now: runtime.clock.now(),
      principal,
      merchantId,
      tenant: tenantOf(operation, principal, merchantId),
      environment: environmentOf(operation, principal, params, environments),
      params,
      query,
      body,
      options: operation.action.options,
      random: runtime.random,
      tokens: runtime.tokens,
      loginThrottle: runtime.loginThrottle,
      keySchemes,
    });
    if (result instanceof Promise) return result.then((settled) => respond(request, response, settled));
    respond(request, response, result);
    return undefined;
  }

  function respond(request: Request, response: Response, result: ActionResult): void {
    if (result.state) runtime.store.set(result.state);
    response.statusCode = operation.successStatus;
    if (result.headers) for (const [name, value] of Object.entries(result.headers)) response.setHeader(name, value);
    if (project === null) response.end();
    else sendJson(request, response, encodeProjection(project(result.body)));
    recordExchange(runtime, logger, request, response);
  }

  return (request: Request, response: Response) => {
    (response.locals as OperationLocals).operation = operation;
    const admission = authenticate(request.headers);
    if (admission instanceof Promise) return admission.then((resolved) => admitted(request, response, resolved));
    return admitted(request, response, admission);
  };
}
