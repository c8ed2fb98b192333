import { createHttpClient } from './http-client.js';
import { accepts, credentialHeaders, describeOperation, jwtScheme, keyScheme, needsCredential, operationFor, requestPath, type Surface, type SurfaceOperation } from './profile/surface.js';
import type { Target } from './target.js';

/** Which operations of the profile the target serves. */
export interface Coverage {
  /** Operations that need a credential and that the target serves: the checks draw from these. */
  served: SurfaceOperation[];
  /** Documented operations the target does not serve, with how the suite found out. */
  notServed: Array<{ operation: SurfaceOperation; reason: string }>;
  /** Operations that need no credential (login, public pages): not part of the auth model's checks. */
  open: SurfaceOperation[];
}

const ABSENT = new Set([404, 405, 501]);

/**
 * Finds which documented operations the target serves, without changing anything it holds: each
 * operation is called without a credential (a served one refuses it); one that answers 404, 405 or 501
 * is called again with a valid credential where that is safe (GET, or a target that allows destructive
 * checks), and is listed as not served when that answers the same — never turned into an auth failure.
 */
export async function probeCoverage(target: Target, surface: Surface, timeoutMs: number): Promise<Coverage> {
  const http = createHttpClient(target.baseUrl, timeoutMs);
  const coverage: Coverage = { served: [], notServed: [], open: [] };
  const bearer = jwtScheme(surface);
  const key = keyScheme(surface);
  let liveKey: string | null | undefined;
  const obtainKey = async (): Promise<string | null> => {
    const generate = operationFor(surface.operations, 'key.generate');
    if (liveKey !== undefined) return liveKey;
    liveKey = null;
    if (!generate || !bearer || !target.capabilities.has('destructive')) return liveKey;
    const answer = await http.send({ label: 'coverage: generate a key', method: generate.method, path: requestPath(generate, target.merchant), headers: credentialHeaders(bearer, target.bearer) });
    if (answer.status >= 200 && answer.status < 300 && typeof answer.json?.key === 'string') liveKey = answer.json.key as string;
    return liveKey;
  };
  for (const operation of surface.operations) {
    if (!needsCredential(operation)) {
      coverage.open.push(operation);
      continue;
    }
    const request = { label: `coverage: ${operation.operationId}`, method: operation.method, path: requestPath(operation, target.merchant), operation: operation.operationId, body: operation.body };
    const anonymous = await http.send(request);
    if (!ABSENT.has(anonymous.status)) {
      coverage.served.push(operation);
      continue;
    }
    const safe = operation.method === 'GET' || operation.method === 'HEAD' || target.capabilities.has('destructive');
    let headers: Record<string, string> | undefined;
    if (safe && bearer && accepts(operation, 'jwt')) headers = credentialHeaders(bearer, target.bearer);
    else if (safe && key && accepts(operation, 'merchant-key')) {
      const value = await obtainKey();
      if (value) headers = credentialHeaders(key, value);
    }
    const authenticated = headers ? await http.send({ ...request, headers }) : undefined;
    if (authenticated && !ABSENT.has(authenticated.status)) coverage.served.push(operation);
    else {
      coverage.notServed.push({
        operation,
        reason: authenticated
          ? `${describeOperation(operation)} answers ${anonymous.status} without a credential and ${authenticated.status} with a valid one`
          : `${describeOperation(operation)} answers ${anonymous.status} without a credential (not called with one: it changes state; pass --allow-destructive)`,
      });
    }
  }
  return coverage;
}
