import type { CodeEntry, ErrorDialectSpec, SurfaceScheme } from './surface.js';

/**
 * The status of every failure code a profile can answer with, before its catalogue says otherwise
 * (spec/README.md, "Failure codes").
 */
export const BUILTIN_STATUSES: Readonly<Record<string, number>> = {
  credential_missing: 401,
  credential_malformed: 401,
  credential_invalid: 401,
  credential_expired: 401,
  credential_not_yet_valid: 401,
  credential_revoked: 401,
  credential_replaced: 401,
  account_deleted: 401,
  account_suspended: 403,
  login_failed: 401,
  wrong_credential_kind: 403,
  merchant_forbidden: 403,
  permission_missing: 403,
  ip_forbidden: 403,
  origin_forbidden: 403,
  rate_limited: 429,
  invalid_json: 400,
  grant_unsupported: 400,
  scope_invalid: 400,
  invalid_request: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  headers_too_large: 431,
  request_timeout: 408,
  expectation_failed: 417,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  state_not_saved: 503,
  internal: 500,
};

/**
 * What the profile says a failure gets: the scheme's `x-authproof-codes` (when a credential of that scheme
 * is involved), then the document's `codes`, then the built-in status — member by member.
 */
export function resolveCode(errors: ErrorDialectSpec, code: string, scheme?: SurfaceScheme): CodeEntry & { status: number } {
  return { status: BUILTIN_STATUSES[code]!, ...errors.codes[code], ...scheme?.codes[code] };
}
