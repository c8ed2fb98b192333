import { AuthproofError } from '../core/errors.js';

/**
 * Turns whatever reached the error handler into an {@link AuthproofError}: ours pass through; body-parser
 * and router errors map by their `type` or status; anything else is an internal error.
 */
export function toAuthproofError(error: unknown): AuthproofError {
  if (error instanceof AuthproofError) return error;
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  switch (type) {
    case 'entity.too.large':
      return new AuthproofError('body_too_large');
    case 'entity.parse.failed':
      return new AuthproofError('invalid_json');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AuthproofError('unsupported_media_type', 'The request body encoding or charset is not supported');
    default:
      if (error instanceof URIError) return new AuthproofError('invalid_request', 'The path has malformed percent-encoding');
      if (typeof status === 'number' && status >= 400 && status < 500) return new AuthproofError('invalid_request', 'The request could not be read');
      return new AuthproofError('internal');
  }
}
