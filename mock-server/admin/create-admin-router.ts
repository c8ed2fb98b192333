import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { addMerchant, addUser, setAccountStatus } from '../core/accounts.js';
import type { KeyChanges } from '../core/key-lifecycle.js';
import { userOf, type AccountStatus } from '../core/state.js';
import { jwtScheme } from '../profile/profile.js';
import { builtinCatalogue } from '../core/error-catalogue.js';
import { AuthproofError } from '../core/errors.js';
import { isLoopback } from '../core/ip-allowlist.js';
import { hashPassword } from '../core/password.js';
import { randomUuid } from '../core/random.js';
import { digestsEqual, hashSecret } from '../core/secret-hash.js';
import { continueIfExpected } from '../http/continue-if-expected.js';
import { sendRendered } from '../http/error-handler.js';
import { renderError } from '../http/render-error.js';
import { readBearerToken } from '../http/security/read-credential.js';
import { toAuthproofError } from '../http/to-authproof-error.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { AdminKeyCreate } from './admin-client.js';
import { createKey, updateKey } from './admin-keys.js';
import { checkAdminSchema, checkStateDocument } from './check-admin-schema.js';
import { createProviderStates, type ProviderStateChange } from './create-provider-states.js';

/** Options of {@link createAdminRouter}. */
export interface AdminRouterOptions {
  runtime: MockRuntime;
  logger: Logger;
  /** When set, every call needs `Authorization: Bearer <adminToken>`; otherwise only loopback clients. */
  adminToken: string | null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses what a web page on another site can send: any `Origin` other than the mock's own (browsers send
 * it on every cross-origin call but a simple GET), and a state-changing call whose body is not
 * `application/json` — the one content type a page cannot send without a CORS preflight, which the admin
 * API never grants.
 * @see https://fetch.spec.whatwg.org/#cors-safelisted-request-header (the "simple" content types)
 */
function refuseCrossSite(request: Request): void {
  const { origin, host } = request.headers;
  if (origin !== undefined && origin.toLowerCase() !== `http://${(host ?? '').toLowerCase()}`) {
    throw new AuthproofError('origin_forbidden', `The admin API answers its own origin only, not ${origin}`);
  }
  if (SAFE_METHODS.has(request.method)) return;
  const type = request.headers['content-type'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (type === undefined ? hasBody : type.split(';')[0]!.trim().toLowerCase() !== 'application/json') {
    throw new AuthproofError('unsupported_media_type', 'Admin calls that change state take an application/json body or none');
  }
}

/**
 * The control plane under `/__admin` (spec/admin.openapi.yaml): reset, state export/import, clock,
 * journal, seeding, token minting and Pact provider states. Loopback clients only, unless an admin token is
 * configured; never a web page of another origin. Errors are in the profile's dialect with the admin API's
 * own statuses and details (spec/admin.openapi.yaml): neither the profile's codes nor its problem types.
 */
export function createAdminRouter(options: AdminRouterOptions): Router {
  const { runtime, logger } = options;
  const { clock, store } = runtime;
  const tokenDigest = options.adminToken === null ? null : hashSecret(options.adminToken);
  // The admin API's failures are the mock's, not the provider's: its own statuses and messages, written in
  // the profile's dialect — the problem types per status included — like every other error the server writes.
  const errors = { ...runtime.profile.errors, catalogue: builtinCatalogue };
  const router = express.Router({ caseSensitive: true });
  const clockView = (): object => {
    const { now, frozen } = clock.snapshot();
    return { now: new Date(now).toISOString(), epochMs: now, frozen };
  };

  router.use((request: Request, response, next) => {
    if (tokenDigest !== null) {
      const presented = readBearerToken(request.headers.authorization);
      if (presented === undefined || !digestsEqual(hashSecret(presented), tokenDigest)) {
        throw new AuthproofError('credential_invalid', 'The admin API needs Authorization: Bearer <admin token>', { scheme: 'admin' });
      }
    } else if (!isLoopback(request.socket.remoteAddress ?? '')) {
      throw new AuthproofError('ip_forbidden', 'The admin API answers loopback clients only; start the server with --admin-token to allow others');
    } else if (!LOOPBACK_HOSTS.has((request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase())) {
      // A page on another site reaching 127.0.0.1 through DNS rebinding still sends its own Host.
      throw new AuthproofError('ip_forbidden', 'The admin API answers requests for localhost, 127.0.0.1 or [::1] only');
    }
    refuseCrossSite(request);
    continueIfExpected(request, response);
    next();
  });
  router.use(express.json({ limit: '10mb' }));

  router.post('/reset', (_request, response) => {
    runtime.reset();
    response.status(204).end();
  });
  router.get('/state', (_request, response) => {
    response.json(store.get());
  });
  router.put('/state', async (request, response) => {
    runtime.replaceState(await checkStateDocument(request.body, runtime.profile));
    response.status(204).end();
  });
  router.get('/clock', (_request, response) => {
    response.json(clockView());
  });
  router.put('/clock', async (request, response) => {
    await checkAdminSchema('ClockSet', request.body);
    const { now, frozen } = request.body as { now?: string; frozen?: boolean };
    clock.set(now === undefined ? clock.now() : Date.parse(now), frozen);
    response.json(clockView());
  });
  router.post('/clock/advance', async (request, response) => {
    await checkAdminSchema('ClockAdvance', request.body);
    const target = clock.now() + Math.round((request.body as { seconds: number }).seconds * 1000);
    if (!Number.isFinite(new Date(target).getTime())) throw new AuthproofError('invalid_request', 'The clock cannot go that far');
    clock.set(target);
    response.json(clockView());
  });
  router.get('/journal', (_request, response) => {
    response.json({ entries: runtime.journal.list() });
  });
  router.delete('/journal', (_request, response) => {
    runtime.journal.clear();
    response.status(204).end();
  });
  router.post('/users', async (request, response) => {
    await checkAdminSchema('UserCreate', request.body);
    const { id = randomUuid(runtime.random), email, password, status = 'active' } = request.body as { id?: string; email: string; password: string; status?: AccountStatus };
    const passwordHash = await hashPassword(password, runtime.random);
    store.set(addUser(store.get(), { id, email, passwordHash, status }));
    response.status(201).json({ id, email, status });
  });
  router.patch('/users/:id', async (request, response) => {
    await checkAdminSchema('UserChange', request.body);
    const { status } = request.body as { status: AccountStatus };
    const state = setAccountStatus(store.get(), request.params.id!, status);
    store.set(state);
    const user = userOf(state, request.params.id!)!;
    response.json({ id: user.id, email: user.email, status: user.status });
  });
  router.post('/keys', async (request, response) => {
    await checkAdminSchema('KeyCreate', request.body);
    response.status(201).json(createKey(runtime, request.body as AdminKeyCreate));
  });
  router.patch('/keys/:id', async (request, response) => {
    await checkAdminSchema('KeyChange', request.body);
    response.json(updateKey(runtime, request.params.id!, request.body as KeyChanges));
  });
  router.post('/merchants', async (request, response) => {
    await checkAdminSchema('MerchantCreate', request.body);
    const merchant = { id: randomUuid(runtime.random), ...(request.body as { id?: string; name: string; ownerId: string }) };
    store.set(addMerchant(store.get(), merchant));
    response.status(201).json({ id: merchant.id, name: merchant.name, ownerId: merchant.ownerId });
  });
  router.post('/tokens', async (request, response) => {
    await checkAdminSchema('TokenCreate', request.body);
    const { userId, ...issueOptions } = request.body as { userId: string; expiresInSeconds?: number; notBeforeSeconds?: number; scopes?: string[] };
    if (!runtime.tokens) throw new AuthproofError('not_found', `Profile ${runtime.profile.id} has no JWT scheme`);
    if (issueOptions.scopes !== undefined && jwtScheme(runtime.profile)?.jwt?.scopes === undefined) {
      throw new AuthproofError('invalid_request', `The tokens of profile ${runtime.profile.id} carry no scopes (x-authproof-jwt has no scopes)`);
    }
    if (!userOf(store.get(), userId)) throw new AuthproofError('not_found', `User ${userId} does not exist`);
    const issued = await runtime.tokens.issue(userId, issueOptions);
    response.status(201).json({ token: issued.token, expiresAt: new Date(issued.expiresAt).toISOString() });
  });
  const providerStates = createProviderStates(runtime);
  router.get('/provider-states', (_request, response) => {
    response.json({ states: providerStates.list() });
  });
  router.post('/provider-states', async (request, response) => {
    await checkAdminSchema('ProviderStateChange', request.body);
    response.json(await providerStates.change(request.body as ProviderStateChange));
  });
  router.use(() => {
    throw new AuthproofError('route_not_found', 'No admin operation matches this path (see spec/admin.openapi.yaml)');
  });
  router.use(((error, request, response, _next) => {
    const failure = toAuthproofError(error);
    if (failure.status >= 500) logger.error({ err: error, path: request.originalUrl }, 'admin error');
    const challenges = ['Bearer realm="authproof-admin"'];
    const path = request.originalUrl.split('?')[0]!;
    sendRendered(response, renderError(errors, failure, { path, method: request.method, now: clock.now(), challenges }));
  }) as express.ErrorRequestHandler);
  return router;
}
