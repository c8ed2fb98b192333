import type { ResolvedError } from '../../core/error-catalogue.js';
import type { ErrorDialect } from '../../profile/profile.js';

/** What an error body may say about the request it answers. */
export interface ErrorContext {
  /** The request path, without the query. */
  path: string;
  /** The request method (empty when Node could not parse the request). */
  method: string;
  /** When the error was answered, ISO 8601 (from the mock's clock). */
  timestamp: string;
}

/** An error body and its media type. */
export interface DialectBody {
  contentType: string;
  body: Record<string, unknown>;
}

/**
 * Writes one failure's body in one dialect. Headers that are not the body's business (`WWW-Authenticate`,
 * `Retry-After`, `Allow`) are added by `renderError` for every dialect.
 */
export type DialectRenderer = (error: ResolvedError, context: ErrorContext, errors: ErrorDialect) => DialectBody;
