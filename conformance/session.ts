import type { Coverage } from './coverage.js';
import type { HttpAnswer, HttpClient } from './http-client.js';
import { credentialHeaders, jwtScheme, keyScheme, requestPath, type Surface, type SurfaceOperation } from './profile/surface.js';
import type { Expectations } from './step.js';
import type { Target } from './target.js';

/** What a command talks to: the target over HTTP, the expectations of the run, the profile's surface. */
export interface Session {
  target: Target;
  http: HttpClient;
  expect: Expectations;
  surface: Surface;
  coverage: Coverage;
}

/** The headers that carry a Bearer token (the owner's by default) in the profile's JWT scheme. */
export function bearerHeaders(session: Session, token = session.target.bearer): Record<string, string> {
  return credentialHeaders(jwtScheme(session.surface)!, token);
}

/** The headers that carry an API key in the profile's merchant-key scheme. */
export function keyHeaders(session: Session, key: string): Record<string, string> {
  return credentialHeaders(keyScheme(session.surface)!, key);
}

/** Where and with what body {@link call} calls an operation. */
export interface CallOptions {
  /** Another merchant than the target's own. */
  merchant?: string;
  /** Another body than the operation's sample. */
  body?: unknown;
}

/** Calls `operation` with `headers`, on the target's own merchant and with the operation's sample body unless `options` say otherwise. */
export function call(session: Session, operation: SurfaceOperation, label: string, headers: Record<string, string>, options: CallOptions = {}): Promise<HttpAnswer> {
  const { merchant = session.target.merchant, body = operation.body } = options;
  return session.http.send({ label, method: operation.method, path: requestPath(operation, merchant), headers, body, operation: operation.operationId });
}

/**
 * Whether an authenticated call was let through: the documented 2xx, or 404 on an operation that names
 * another resource in its path (the sample id names none).
 */
export function isAccepted(operation: SurfaceOperation, answer: HttpAnswer): boolean {
  return (answer.status >= 200 && answer.status < 300) || (answer.status === 404 && Object.keys(operation.otherPathParams).length > 0);
}

/** An answer described for a counterexample: status and media type, never the body (it may hold a key). */
export function describeAnswer(answer: HttpAnswer): string {
  if (answer.status === 0) return String(answer.step.status);
  const type = answer.headers.get('content-type')?.split(';')[0];
  return `${answer.status}${type ? ` (${type})` : ''}`;
}
