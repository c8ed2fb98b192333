import { authenticateKey, touchKey } from '../../core/key-lifecycle.js';
import type { Principal } from '../../core/principal.js';
import type { CredentialHandler } from './credential-handler.js';

const keyOf = (principal: Principal) => {
  if (principal.kind !== 'key') throw new Error('the API-key handler was given another kind of principal');
  return principal;
};

/**
 * `x-authproof-credential: merchant-key` — an API key issued to a tenant (a merchant or an account),
 * looked up by its SHA-256. Its use is recorded at once (`lastUsedAt`), it is rate limited on its own
 * (with its own limit if it has one), a merchant's key is subject to the merchant's IP allowlist, and it
 * holds the permissions recorded with it (none recorded: every permission).
 */
export const merchantKeyCredential: CredentialHandler = {
  verify(value, scheme, runtime) {
    const { keyHash, key } = authenticateKey(runtime.store.get(), value, scheme.keyFormat!, scheme.name);
    return { kind: 'key', keyHash, owner: key.owner, scheme: scheme.name };
  },
  recordUse(principal, runtime, now) {
    runtime.store.set(touchKey(runtime.store.get(), keyOf(principal).keyHash, now), { deferrable: true });
  },
  rateLimitKey(principal, runtime) {
    const { keyHash } = keyOf(principal);
    return { callerId: keyHash, limit: runtime.store.get().keys[keyHash]?.rateLimit ?? null };
  },
  allowlistOwner(principal) {
    const { owner } = keyOf(principal);
    return owner.kind === 'merchant' ? owner.id : null;
  },
  permissions: (principal, runtime) => runtime.store.get().keys[keyOf(principal).keyHash]?.permissions ?? null,
};
