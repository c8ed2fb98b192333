import { resolveCode } from './resolve-code.js';
import type { CredentialRules, ErrorDialectSpec } from './surface.js';

/**
 * The statuses the suite expects, read from the profile's code catalogue: `credential_missing`,
 * `merchant_forbidden` and `rate_limited` from the document, the failures of a credential and
 * `wrong_credential_kind` from the scheme of the credential sent.
 */
export function credentialRules(errors: ErrorDialectSpec): CredentialRules {
  return {
    missing: resolveCode(errors, 'credential_missing').status,
    invalid: (scheme, failure = 'credential_invalid') => resolveCode(errors, failure, scheme).status,
    wrongKind: (presented) => resolveCode(errors, 'wrong_credential_kind', presented).status,
    forbidden: resolveCode(errors, 'merchant_forbidden').status,
    rateLimited: resolveCode(errors, 'rate_limited').status,
  };
}
