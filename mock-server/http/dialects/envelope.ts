import type { DialectRenderer } from './dialect-renderer.js';

/**
 * `envelope`: `{success: false, statusCode, message, errors: [], timestamp, path, method}`, the body both
 * IvoryPay's documented `{statusCode, message}` and its SDKs' error model read.
 * @see shared/providers.md §4.2 (IvoryPay's error responses)
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
