import type { ResolvedError } from '../../core/error-catalogue.js';
import type { DialectRenderer } from './dialect-renderer.js';

/** The RFC 6749 §5.2 code of a failure the catalogue gives no code for. */
function oauthCode(error: ResolvedError): string {
  if (error.code !== undefined) return error.code;
  if (error.errorCode === 'login_failed') return 'invalid_grant';
  if (error.errorCode === 'grant_unsupported') return 'unsupported_grant_type';
  if (error.errorCode === 'scope_invalid') return 'invalid_scope';
  if (error.status === 401) return 'invalid_client';
  if (error.status === 403) return 'unauthorized_client';
  if (error.status === 503) return 'temporarily_unavailable';
  return error.status >= 500 ? 'server_error' : 'invalid_request';
}

/**
 * `oauth2`: a token endpoint's error `{error, error_description[, hint]}`. `error` is the catalogue's
 * code, else by failure: a wrong username or password `invalid_grant`, an unsupported grant type
 * `unsupported_grant_type`, an unknown scope `invalid_scope`, another 401 `invalid_client`, 403
 * `unauthorized_client`, 5xx `server_error` (503 `temporarily_unavailable`), anything else `invalid_request`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see shared/providers.md §3.5 (league/oauth2-server bodies, `hint`)
 */
export const renderOauth2: DialectRenderer = (error) => ({
  contentType: 'application/json; charset=utf-8',
  body: {
    error: oauthCode(error),
    error_description: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  },
});
