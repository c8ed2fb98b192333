import type { DialectRenderer } from './dialect-renderer.js';

/**
 * `envelope`: `{success: false, statusCode, message, errors: [], timestamp, path, method}`, the body both
 * the documented `{statusCode, message}` and the SDKs' error model read (providers.md §4.2).
 * @see shared/providers.md §4.2
 */
export const renderEnvelope: DialectRenderer = (error, context) => ({
  contentType: 'application/json; charset=utf-8',
  body: {
    success: false,
    statusCode: error.status,
    message: error.message,
    errors: [],
    timestamp: context.timestamp,
    path: context.path,
    method: context.method,
  },
});
