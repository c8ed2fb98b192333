import { STATUS_CODES } from 'node:http';
import type { DialectRenderer } from './dialect-renderer.js';

/**
 * `nest`: NestJS's default error body `{statusCode, message, error}` (`error` is the status's reason
 * phrase), with the provider's `code` when the catalogue gives one.
 * @see shared/providers.md §2.4 (an error shape with codes)
 */
export const renderNest: DialectRenderer = (error) => ({
  contentType: 'application/json; charset=utf-8',
  body: {
    statusCode: error.status,
    message: error.message,
    error: STATUS_CODES[error.status] ?? 'Error',
    ...(error.code === undefined ? {} : { code: error.code }),
  },
});
