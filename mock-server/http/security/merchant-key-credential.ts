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
    return { kind: 'key', keyHash, key, owner: key.owner, scheme: scheme.name, environment: key.environment };
  },
  recordUse(principal, runtime, now) {
    const { keyHash, key } = keyOf(principal);
    const state = runtime.store.get();
    const touched = touchKey(state, keyHash, key, now);
    if (touched !== state) runtime.store.set(touched, USE);
  },
  rateLimitKey(principal) {
    const { keyHash, key } = keyOf(principal);
    return { callerId: keyHash, limit: key.rateLimit };
  },
  ipRule(principal, _runtime, source) {
    const { owner, key } = keyOf(principal);
    if (source === 'key') return { kind: 'key', addresses: key.ipAddresses };
    return owner.kind === 'merchant' ? { kind: 'merchant', merchantId: owner.id } : null;
  },
  permissions: (principal) => keyOf(principal).key.permissions,
};
