import { displayPrefix, isWellFormedKey, type KeyFormat } from './api-key.js';
import { AuthproofError } from './errors.js';
import { digestsEqual, hashSecret } from './secret-hash.js';
import type { ActiveKey, MerchantRecord, State } from './state.js';

function merchantOrThrow(state: State, merchantId: string): MerchantRecord {
  const merchant = state.merchants[merchantId];
  if (!merchant) throw new AuthproofError('not_found', `Merchant ${merchantId} does not exist`);
  return merchant;
}

/** Retired keys kept to explain their 401; beyond this the oldest are forgotten (they still get 401). */
const MAX_RETIRED_KEYS = 10_000;

function retire(state: State, merchant: MerchantRecord, now: number, reason: 'revoked' | 'replaced'): State {
  const hash = merchant.activeKeyHash;
  if (hash === null) return state;
  const { [hash]: old, ...keys } = state.keys;
  let retiredKeys = state.retiredKeys;
  if (old) {
    const kept = Object.entries(retiredKeys).slice(-(MAX_RETIRED_KEYS - 1));
    retiredKeys = { ...Object.fromEntries(kept), [hash]: { merchantId: merchant.id, prefix: old.prefix, retiredAt: now, reason } };
  }
  return {
    ...state,
    keys,
    retiredKeys,
    merchants: { ...state.merchants, [merchant.id]: { ...merchant, activeKeyHash: null } },
  };
}

/**
 * Makes `key` the merchant's single active key; the previous one is retired as `replaced` at once.
 * Only the SHA-256 of the key is stored.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "Each merchant account can have only one active API key at a
 *   time. If you generate a new key, the previous key is immediately invalidated."
 */
export function issueKey(state: State, merchantId: string, key: string, format: KeyFormat, now: number): State {
  const cleared = retire(state, merchantOrThrow(state, merchantId), now, 'replaced');
  const hash = hashSecret(key);
  const merchant = cleared.merchants[merchantId]!;
  const record: ActiveKey = { merchantId, prefix: displayPrefix(format, key), createdAt: now, lastUsedAt: null };
  return {
    ...cleared,
    keys: { ...cleared.keys, [hash]: record },
    merchants: { ...cleared.merchants, [merchantId]: { ...merchant, activeKeyHash: hash } },
  };
}

/**
 * Revokes the merchant's active key.
 * @throws {AuthproofError} `not_found` when the merchant has no active key (assumption ITP-A5).
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "Once revoked, all requests using that key will fail".
 */
export function revokeKey(state: State, merchantId: string, now: number): State {
  const merchant = merchantOrThrow(state, merchantId);
  if (merchant.activeKeyHash === null) throw new AuthproofError('not_found', 'No active API key for this merchant');
  return retire(state, merchant, now, 'revoked');
}

/**
 * The active key's metadata, never its value.
 * @throws {AuthproofError} `not_found` when the merchant has no active key (assumption ITP-A5).
 */
export function activeKeyOf(state: State, merchantId: string): ActiveKey {
  const hash = merchantOrThrow(state, merchantId).activeKeyHash;
  const key = hash === null ? undefined : state.keys[hash];
  if (!key) throw new AuthproofError('not_found', 'No active API key for this merchant');
  return key;
}

/**
 * Authenticates a presented API key: format check, SHA-256 lookup, constant-time comparison.
 * @returns the merchant the key belongs to and the key's hash.
 * @throws {AuthproofError} `credential_malformed`, `credential_replaced`, `credential_revoked` or
 *   `credential_invalid`.
 */
export function authenticateKey(state: State, value: string, format: KeyFormat): { merchantId: string; keyHash: string } {
  if (!isWellFormedKey(format, value)) {
    throw new AuthproofError('credential_malformed', `API key is malformed: expected ${format.prefix} followed by ${format.length} characters`);
  }
  const hash = hashSecret(value);
  const key = state.keys[hash];
  const activeHash = key ? state.merchants[key.merchantId]?.activeKeyHash : null;
  if (key && activeHash && digestsEqual(activeHash, hash)) return { merchantId: key.merchantId, keyHash: hash };
  const retired = state.retiredKeys[hash];
  if (retired?.reason === 'replaced') throw new AuthproofError('credential_replaced');
  if (retired?.reason === 'revoked') throw new AuthproofError('credential_revoked');
  throw new AuthproofError('credential_invalid', 'API key is not valid');
}

/**
 * Records a use of the key. `lastUsedAt` never goes before `createdAt`, even when the clock is set back;
 * a use within the same millisecond as the last one leaves the state as it is.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "ISO 8601 timestamp of the most recent authenticated request
 *   using this key."
 */
export function touchKey(state: State, keyHash: string, now: number): State {
  const key = state.keys[keyHash];
  if (!key) return state;
  const lastUsedAt = Math.max(now, key.createdAt);
  if (key.lastUsedAt === lastUsedAt) return state;
  return { ...state, keys: { ...state.keys, [keyHash]: { ...key, lastUsedAt } } };
}
