import { AuthproofError } from '../../core/errors.js';
import type { CredentialHandler } from './credential-handler.js';

/**
 * `x-authproof-credential: jwt` — a JWT signed by the mock, checked with jose against the controllable
 * clock with the profile's one algorithm; its `sub` must still be a user.
 * @see https://www.rfc-editor.org/rfc/rfc8725#section-3.1 (algorithm pinning)
 */
export const jwtCredential: CredentialHandler = {
  async verify(value, scheme, runtime) {
    if (!runtime.tokens) throw new AuthproofError('credential_invalid');
    const userId = await runtime.tokens.verify(value);
    if (!runtime.store.get().users[userId]) throw new AuthproofError('credential_invalid', "The token's user does not exist");
    return { kind: 'user', userId, scheme: scheme.name };
  },
  recordUse: () => undefined,
  rateLimitKey: (principal) => ({ callerId: principal.kind === 'user' ? principal.userId : '', limit: null }),
  allowlistOwner: () => null,
  permissions: () => null,
};
