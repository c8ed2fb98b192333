import type { AuthproofError } from '../core/errors.js';
import type { DialectName, ErrorDialect } from '../profile/profile.js';
import { dialectRenderers } from './dialects/dialect-renderers.js';

/** An error ready to write: status, headers and the serialized body. */
export interface RenderedError {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** What {@link renderError} needs besides the error. */
export interface RenderOptions {
  /** The dialect, when not the profile's (an operation's `x-authproof-error-dialect`). */
  dialect?: DialectName | null;
  /** The request path, without the query. */
  path: string;
  /** The request method; empty when unknown. */
  method: string;
  /** Epoch milliseconds, from the mock's clock. */
  now: number;
  /** `WWW-Authenticate` challenges, sent when the answer is a 401. */
  challenges: readonly string[];
}

/**
 * Renders a failure: its status, message and provider code from the profile's catalogue, its body from the
 * dialect's renderer, and the headers common to every dialect — `WWW-Authenticate` on a 401, `Retry-After`
 * and `Allow` when the failure carries them.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1 (WWW-Authenticate)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3 (Retry-After)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.1 (Allow)
 */
export function renderError(errors: ErrorDialect, failure: AuthproofError, options: RenderOptions): RenderedError {
  const resolved = errors.catalogue.resolve(failure);
  const context = { path: options.path, method: options.method, timestamp: new Date(options.now).toISOString() };
  const { contentType, body } = dialectRenderers[options.dialect ?? errors.dialect](resolved, context, errors);
  const headers: Record<string, string | string[]> = { 'content-type': contentType };
  if (resolved.status === 401 && options.challenges.length > 0) headers['www-authenticate'] = [...options.challenges];
  if (failure.meta.retryAfterSeconds !== undefined) headers['retry-after'] = String(failure.meta.retryAfterSeconds);
  if (failure.meta.allow) headers.allow = failure.meta.allow.join(', ');
  return { status: resolved.status, headers, body: JSON.stringify(body) };
}
