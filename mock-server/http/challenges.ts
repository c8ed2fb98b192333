import type { AuthproofError } from '../core/errors.js';
import type { SchemeDefinition } from '../profile/profile.js';

/** Quoted-string content: printable ASCII without `"` and `\` (RFC 6750 §3 error_description). */
function quoted(text: string): string {
  return text.replace(/[^\x20-\x7e]|["\\]/g, '');
}

/**
 * The `WWW-Authenticate` challenges of a 401: one per scheme the operation accepts. The scheme whose
 * credential was rejected carries `error="invalid_token"` and the reason.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3 (Bearer)
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1 (WWW-Authenticate)
 */
export function challengesFor(realm: string, schemes: readonly SchemeDefinition[], error?: AuthproofError): string[] {
  return schemes.map((scheme) => {
    const rejected = error !== undefined && error.meta.scheme === scheme.name && error.code !== 'credential_missing';
    if (scheme.location.kind === 'bearer') {
      const base = `Bearer realm="${quoted(realm)}"`;
      return rejected ? `${base}, error="invalid_token", error_description="${quoted(error.message)}"` : base;
    }
    const base = `ApiKey realm="${quoted(realm)}", header="${quoted(scheme.location.header)}"`;
    return rejected ? `${base}, error="invalid_key", error_description="${quoted(error.message)}"` : base;
  });
}
