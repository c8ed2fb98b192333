import { requireActiveAccount } from '../../core/accounts.js';
import { authenticateKey, touchKey } from '../../core/key-lifecycle.js';
import { accountHolderOf } from '../../core/state.js';
import type { Principal } from '../../core/principal.js';
import type { CredentialHandler } from './credential-handler.js';

/** A key's lastUsedAt may reach durable storage a little later. */
const USE = { deferrable: true } as const;

const keyOf = (principal: Principal) => {
  if (principal.kind !== 'key') throw new Error('the API-key handler was given another kind of principal');
  return principal;
};

/**
 * `x-authproof-credential: merchant-key` — an API key issued to a tenant (a merchant or an account),
 * looked up by its SHA-256, refused when the account it belongs to is suspended or deleted. Its use is recorded at once (`lastUsedAt`), it is rate limited on its own
 * (with its own limit if it has one), it may come only from its merchant's allowlist or its own
 * addresses (as the scheme's `x-authproof-ip-allowlist` says), and it holds the permissions recorded with it
 * (none recorded: every permission).
 */
export const merchantKeyCredential: CredentialHandler = {
  verify(value, scheme, runtime) {
    const state = runtime.store.get();
    const { keyHash, key } = authenticateKey(state, value, scheme.keyFormat!, scheme.name);
    requireActiveAccount(accountHolderOf(state, key.owner)!);
    return { kind: 'key', keyHash, owner: key.owner, scheme: scheme.name, environment: key.environment };
  },
  recordUse(principal, runtime, now) {
    runtime.store.set(touchKey(runtime.store.get(), keyOf(principal).keyHash, now), USE);
  },
  rateLimitKey(principal, runtime) {
    const { keyHash } = keyOf(principal);
    return { callerId: keyHash, limit: runtime.store.get().keys[keyHash]?.rateLimit ?? null };
  },
  ipRule(principal, runtime, source) {
    const { owner, keyHash } = keyOf(principal);
    if (source === 'key') return { kind: 'key', addresses: runtime.store.get().keys[keyHash]?.ipAddresses ?? null };
    return owner.kind === 'merchant' ? { kind: 'merchant', merchantId: owner.id } : null;
  },
  permissions: (principal, runtime) => runtime.store.get().keys[keyOf(principal).keyHash]?.permissions ?? null,
};
