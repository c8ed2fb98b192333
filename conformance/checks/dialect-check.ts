import fc from 'fast-check';
import { accepts, credentialHeaders, jwtScheme, requestPath, type SurfaceOperation } from '../profile/surface.js';
import type { HttpRequest } from '../http-client.js';
import { proveWithProperty, type Check } from './check.js';

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];

/**
 * Provokes each error status the profile can answer with the owner's token alone — 400 (a body that is
 * not JSON), 401 (no credential), 403 (the token where only an API key goes), 404 (an undocumented path),
 * 405 (an undocumented method on a documented path) — and judges each answer against the profile's error
 * dialect. Every other check judges its own 4xx answers the same way (429s in the rate-limit burst).
 */
export const dialectCheck: Check = async (context, active) => {
  const { target, surface, coverage } = context;
  const bearer = jwtScheme(surface);
  const token = bearer ? credentialHeaders(bearer, target.bearer) : {};
  const served = coverage.served;
  const sendTo = (operation: SurfaceOperation, label: string, extra: Partial<HttpRequest>): HttpRequest => ({
    label,
    method: operation.method,
    path: requestPath(operation, target.merchant),
    operation: operation.operationId,
    ...extra,
  });
  const requests: HttpRequest[] = [{ label: 'an undocumented path', method: 'GET', path: '/authproof-undocumented-path' }];
  const first = served[0];
  if (first) requests.push(sendTo(first, `call ${first.operationId} without a credential`, { body: first.body }));
  const withBody = served.find((operation) => operation.body !== undefined && bearer && accepts(operation, 'jwt'));
  if (withBody) requests.push(sendTo(withBody, `call ${withBody.operationId} with a body that is not JSON`, { headers: { ...token, 'content-type': 'application/json' }, raw: '{"truncated": ' }));
  const keyOnly = served.find((operation) => !accepts(operation, 'jwt'));
  if (keyOnly && bearer) requests.push(sendTo(keyOnly, `call ${keyOnly.operationId} with the Bearer token`, { headers: token, body: keyOnly.body }));
  const undocumented = served
    .map((operation) => ({ operation, method: METHODS.find((method) => !surface.operations.some((other) => other.path === operation.path && other.method === method)) }))
    .find((candidate) => candidate.method !== undefined);
  if (undocumented) requests.push(sendTo(undocumented.operation, `${undocumented.method} on ${undocumented.operation.path}, which does not document it`, { method: undocumented.method!, headers: token }));

  return proveWithProperty(
    context,
    'dialect',
    active,
    fc.constant(requests),
    async (all, session) => {
      // Every 4xx answer is judged by proveWithProperty against the dialect.
      for (const request of all) await session.http.send(request);
    },
    { runs: 1, reset: false },
  );
};
