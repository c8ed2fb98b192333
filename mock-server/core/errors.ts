/**
 * Every failure the mock can answer with, as a stable code. Nothing branches on message text: the
 * catalogue gives each code its HTTP status and default detail, and one mapper per error dialect turns
 * an {@link AuthproofError} into a response body and headers.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-15.5 (4xx status codes)
 */
export type ErrorCode =
  | 'credential_missing'
  | 'credential_malformed'
  | 'credential_invalid'
  | 'credential_expired'
  | 'credential_not_yet_valid'
  | 'credential_revoked'
  | 'credential_replaced'
  | 'account_deleted'
  | 'account_suspended'
  | 'login_failed'
  | 'wrong_credential_kind'
  | 'merchant_forbidden'
  | 'permission_missing'
  | 'ip_forbidden'
  | 'origin_forbidden'
  | 'rate_limited'
  | 'invalid_json'
  | 'grant_unsupported'
  | 'scope_invalid'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'headers_too_large'
  | 'request_timeout'
  | 'expectation_failed'
  | 'not_found'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'state_not_saved'
  | 'internal';

/**
 * The built-in status and default detail of each {@link ErrorCode}. A profile's code catalogue may give a
 * code another status, message and provider code (see `createErrorCatalogue`).
 */
export const BUILTIN_ERRORS: Readonly<Record<ErrorCode, { status: number; detail: string }>> = {
  credential_missing: { status: 401, detail: 'No credential was sent' },
  credential_malformed: { status: 401, detail: 'The credential is malformed' },
  credential_invalid: { status: 401, detail: 'The credential is not valid' },
  credential_expired: { status: 401, detail: 'The credential has expired' },
  credential_not_yet_valid: { status: 401, detail: 'The credential is not valid yet' },
  credential_revoked: { status: 401, detail: 'The API key has been revoked' },
  credential_replaced: { status: 401, detail: 'The API key has been replaced by a newer key' },
  account_deleted: { status: 401, detail: 'The account this credential belongs to no longer exists' },
  account_suspended: { status: 403, detail: 'The account this credential belongs to is suspended' },
  login_failed: { status: 401, detail: 'Email or password is incorrect' },
  wrong_credential_kind: { status: 403, detail: 'This operation does not accept this kind of credential' },
  merchant_forbidden: { status: 403, detail: 'The credential has no access to this merchant' },
  permission_missing: { status: 403, detail: 'The credential lacks a permission this operation requires' },
  ip_forbidden: { status: 403, detail: 'The client address is not in the merchant allowlist' },
  origin_forbidden: { status: 403, detail: 'Requests from another origin are not allowed' },
  rate_limited: { status: 429, detail: 'Rate limit exceeded' },
  invalid_json: { status: 400, detail: 'The request body is not valid JSON' },
  grant_unsupported: { status: 400, detail: 'The authorization grant type is not supported' },
  scope_invalid: { status: 400, detail: 'The requested scope is invalid, unknown, or malformed' },
  invalid_request: { status: 400, detail: 'The request does not match the specification' },
  unsupported_media_type: { status: 415, detail: 'The request body must be application/json' },
  body_too_large: { status: 413, detail: 'The request body is too large' },
  headers_too_large: { status: 431, detail: 'The request header fields are too large' },
  request_timeout: { status: 408, detail: 'The request did not arrive in time' },
  expectation_failed: { status: 417, detail: 'The expectation in the Expect header cannot be met' },
  not_found: { status: 404, detail: 'The resource does not exist' },
  route_not_found: { status: 404, detail: 'No operation matches this path' },
  method_not_allowed: { status: 405, detail: 'The method is not allowed on this path' },
  conflict: { status: 409, detail: 'The resource already exists' },
  state_not_saved: { status: 503, detail: 'The change could not be saved; nothing changed' },
  internal: { status: 500, detail: 'Internal error' },
};

/** Extra facts a dialect needs to render some errors as headers. */
export interface ErrorMeta {
  /** 429: whole seconds until a retry can succeed. */
  retryAfterSeconds?: number;
  /** 405: the methods the path supports. */
  allow?: readonly string[];
  /**
   * The security scheme of the credential the failure is about: the rejected one (401), or the one
   * presented where the operation does not take it (`wrong_credential_kind`). Selects its scheme codes.
   */
  scheme?: string;
}

/**
 * A failure with a stable {@link ErrorCode}; the message is the detail shown to the client unless the
 * profile's catalogue gives the code a message of its own.
 */
export class AuthproofError extends Error {
  readonly code: ErrorCode;
  /** The built-in status; the profile's catalogue may answer with another. */
  readonly status: number;
  readonly meta: ErrorMeta;

  constructor(code: ErrorCode, detail?: string, meta: ErrorMeta = {}) {
    const entry = BUILTIN_ERRORS[code];
    super(detail ?? entry.detail);
    this.name = 'AuthproofError';
    this.code = code;
    this.status = entry.status;
    this.meta = meta;
  }
}

/** The failures of a presented credential itself, whatever status the profile answers them with. */
const CREDENTIAL_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'credential_missing',
  'credential_malformed',
  'credential_invalid',
  'credential_expired',
  'credential_not_yet_valid',
  'credential_revoked',
  'credential_replaced',
  'account_deleted',
  'account_suspended',
  'login_failed',
]);

/** True when the code says a credential is missing or not valid (not when it is valid but refused). */
export function isCredentialFailure(code: ErrorCode): boolean {
  return CREDENTIAL_FAILURES.has(code);
}
