import { requireActiveAccount } from '../../core/accounts.js';
import { AuthproofError } from '../../core/errors.js';
import { userOf } from '../../core/state.js';
import type { CredentialHandler } from './credential-handler.js';

/**
 * `x-authproof-credential: jwt` — a JWT signed by the mock, checked with jose against the controllable
 * clock with the profile's one algorithm; its `sub` must still be a user whose account is active. It holds
 * the scopes it carries when the scheme's `x-authproof-jwt` declares `scopes`, else every permission.
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1 (algorithm pinning)
 */
export const jwtCredential: CredentialHandler = {
  async verify(value, scheme, runtime) {
    if (!runtime.tokens) throw new AuthproofError('credential_invalid');
    const { subject: userId, scopes } = await runtime.tokens.verify(value);
    const user = userOf(runtime.store.get(), userId);
    if (!user) throw new AuthproofError('credential_invalid', "The token's user does not exist");
    requireActiveAccount(user);
    return { kind: 'user', userId, scheme: scheme.name, permissions: scopes };
  },
  recordUse: () => undefined,
  rateLimitKey: (principal) => ({ callerId: principal.kind === 'user' ? principal.userId : '', limit: null }),
  ipRule: () => null,
  permissions: (principal) => (principal.kind === 'user' ? principal.permissions : null),
};
