import type { DialectRenderer } from './dialect-renderer.js';

/**
 * `laravel`: Laravel's JSON error `{message}`, or `{error}` for the codes whose catalogue entry says
 * `field: error` (providers.md §3.3: a missing bearer token).
 * @see shared/providers.md §3.3 (AdminApi middleware bodies), §3.5 (`{"message":"Unauthenticated."}`)
 */
export const renderLaravel: DialectRenderer = (error) => ({
  contentType: 'application/json',
  body: { [error.field]: error.message },
});
