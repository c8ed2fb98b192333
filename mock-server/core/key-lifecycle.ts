import { displayPrefix, isWellFormedKey, type KeyFormat } from './api-key.js';
import { AuthproofError } from './errors.js';
import { hashSecret } from './secret-hash.js';
import { tenantExists, type KeyRecord, type State, type Tenant } from './state.js';

/** What `key.generate` does to the keys a tenant already holds for the scheme (`x-authproof-key-slot`). */
export type GeneratePolicy = 'replace' | 'add';

/** A key to issue: its value (only its SHA-256 is kept) and what is recorded with it. */
export interface NewKey {
  value: string;
  id: string;
  scheme: string;
  owner: Tenant;
  label?: string | null;
  rateLimit?: number | null;
  permissions?: string[] | null;
  /** False for a key that exists but is refused (default true). */
  active?: boolean;
}

/** Retired keys kept to explain their 401; beyond this the oldest are forgotten (they still get 401). */
const MAX_RETIRED_KEYS = 10_000;

const sameTenant = (a: Tenant, b: Tenant): boolean => a.kind === b.kind && a.id === b.id;

/** The working keys (hash and record) the tenant holds for the scheme, oldest first. */
export function keysOf(state: State, owner: Tenant, scheme: string): Array<[string, KeyRecord]> {
  return Object.entries(state.keys).filter(([, key]) => key.scheme === scheme && sameTenant(key.owner, owner));
}

function ownerOrThrow(state: State, owner: Tenant): void {
  if (!tenantExists(state, owner)) throw new AuthproofError('not_found', `${owner.kind === 'merchant' ? 'Merchant' : 'Account'} ${owner.id} does not exist`);
}

function retire(state: State, hashes: readonly string[], now: number, reason: 'revoked' | 'replaced'): State {
  if (hashes.length === 0) return state;
  const keys = { ...state.keys };
  const kept = Object.entries(state.retiredKeys).slice(-(MAX_RETIRED_KEYS - hashes.length));
  const retiredKeys = Object.fromEntries(kept);
  for (const hash of hashes) {
    const old = keys[hash]!;
    delete keys[hash];
    retiredKeys[hash] = { owner: old.owner, prefix: old.prefix, retiredAt: now, reason };
  }
  return { ...state, keys, retiredKeys };
}

/**
 * Issues a key to a tenant. With the `replace` policy the tenant's previous keys for the scheme are
 * retired as `replaced` at once (one active key per slot); with `add` they stay. Only the SHA-256 of the
 * key is stored.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "Each merchant account can have only one active API key at a
 *   time. If you generate a new key, the previous key is immediately invalidated."
 * @see shared/seeds/002_4dfeb6e07fa301a5.txt — "Regenerating issues a new secret and immediately invalidates the old one."
 */
export function issueKey(state: State, key: NewKey, format: KeyFormat, policy: GeneratePolicy, now: number): State {
  ownerOrThrow(state, key.owner);
  const replaced = policy === 'replace' ? keysOf(state, key.owner, key.scheme).map(([hash]) => hash) : [];
  const cleared = retire(state, replaced, now, 'replaced');
  const record: KeyRecord = {
    id: key.id,
    scheme: key.scheme,
    owner: key.owner,
    prefix: displayPrefix(format, key.value),
    label: key.label ?? null,
    active: key.active ?? true,
    rateLimit: key.rateLimit ?? null,
    permissions: key.permissions ?? null,
    createdAt: now,
    lastUsedAt: null,
  };
  return { ...cleared, keys: { ...cleared.keys, [hashSecret(key.value)]: record } };
}

/**
 * Revokes the tenant's keys for the scheme.
 * @throws {AuthproofError} `not_found` when it holds none (assumption ITP-A5).
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "Once revoked, all requests using that key will fail".
 */
export function revokeKey(state: State, owner: Tenant, scheme: string, now: number): State {
  ownerOrThrow(state, owner);
  const held = keysOf(state, owner, scheme);
  if (held.length === 0) throw new AuthproofError('not_found', 'No active API key');
  return retire(state, held.map(([hash]) => hash), now, 'revoked');
}

/**
 * The tenant's newest key for the scheme, never its value.
 * @throws {AuthproofError} `not_found` when it holds none (assumption ITP-A5).
 */
export function activeKeyOf(state: State, owner: Tenant, scheme: string): KeyRecord {
  ownerOrThrow(state, owner);
  const newest = keysOf(state, owner, scheme).at(-1)?.[1];
  if (!newest) throw new AuthproofError('not_found', 'No active API key');
  return newest;
}

/**
 * Authenticates a presented API key: format check, SHA-256 lookup; an inactive
 * key is refused like an unknown one.
 * @returns the key's hash and record.
 * @throws {AuthproofError} `credential_malformed`, `credential_replaced`, `credential_revoked` or
 *   `credential_invalid`.
 * @see shared/seeds/002_4dfeb6e07fa301a5.txt — "Inactive keys return 401 Unauthorized."
 */
export function authenticateKey(state: State, value: string, format: KeyFormat, scheme: string): { keyHash: string; key: KeyRecord } {
  if (!isWellFormedKey(format, value)) {
    throw new AuthproofError('credential_malformed', `API key is malformed: expected ${format.prefix} followed by ${format.length} characters`);
  }
  // Looked up by its SHA-256: the secret itself is never compared, so timing says nothing about it.
  const hash = hashSecret(value);
  const key = state.keys[hash];
  if (key?.scheme === scheme) {
    if (!key.active) throw new AuthproofError('credential_invalid', 'API key is inactive');
    return { keyHash: hash, key };
  }
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
