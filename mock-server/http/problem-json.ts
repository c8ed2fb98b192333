import { STATUS_CODES } from 'node:http';
import type { AuthproofError } from '../core/errors.js';
import type { ErrorDialect } from '../profile/profile.js';

/** An error ready to write: status, headers and the serialized body. */
export interface RenderedError {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

/** What the renderer needs besides the error. */
export interface RenderContext {
  /** The request path (`instance`). */
  instance: string;
  /** `WWW-Authenticate` challenges for a 401. */
  challenges: readonly string[];
}

/**
 * Renders an error in the `problem-json` dialect: `application/problem+json` with type, title, status,
 * detail and instance; the type and title per status come from the profile's `x-authproof-errors`, and a
 * status it does not list gets `about:blank` and the status phrase.
 * @see https://www.rfc-editor.org/rfc/rfc9457#section-3.1
 */
export function renderProblem(dialect: ErrorDialect, error: AuthproofError, context: RenderContext): RenderedError {
  const problem = dialect.problems[String(error.status)];
  const body = {
    type: problem?.type ?? 'about:blank',
    title: problem?.title ?? STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    instance: context.instance,
  };
  const headers: Record<string, string | string[]> = { 'content-type': 'application/problem+json; charset=utf-8' };
  if (error.status === 401 && context.challenges.length > 0) headers['www-authenticate'] = [...context.challenges];
  if (error.meta.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.meta.retryAfterSeconds);
  if (error.meta.allow) headers.allow = error.meta.allow.join(', ');
  return { status: error.status, headers, body: JSON.stringify(body) };
}
