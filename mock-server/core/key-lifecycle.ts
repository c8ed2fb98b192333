import { displayPrefix, environmentOf, isWellFormedKey, type KeyFormat } from './api-key.js';
import { AuthproofError } from './errors.js';
import { findNonAddress } from './ip-allowlist.js';
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
  ipAddresses?: string[] | null;
  /** False for a key that exists but is refused (default true). */
  active?: boolean;
}

/**
 * The keys one `key.*` call acts on: a tenant's keys of a scheme — in one environment when the scheme's
 * key format has environments (the slot of an (account, environment, kind) triple).
 */
export interface KeySlot {
  owner: Tenant;
  scheme: string;
  /** Null: the scheme has no environments. */
  environment: string | null;
}

/** Retired keys kept to explain their 401; beyond this the oldest are forgotten (they still get 401). */
const MAX_RETIRED_KEYS = 10_000;

const sameTenant = (a: Tenant, b: Tenant): boolean => a.kind === b.kind && a.id === b.id;

/** The working keys (hash and record) in the slot, oldest first. */
export function keysOf(state: State, slot: KeySlot): Array<[string, KeyRecord]> {
  return Object.entries(state.keys).filter(([, key]) => key.scheme === slot.scheme && key.environment === slot.environment && sameTenant(key.owner, slot.owner));
}

function ownerOrThrow(state: State, owner: Tenant): void {
  if (!tenantExists(state, owner)) throw new AuthproofError('not_found', `${owner.kind === 'merchant' ? 'Merchant' : 'Account'} ${owner.id} does not exist`);
}

/** @throws {AuthproofError} `invalid_request` when an entry of a key's address list is not one IP address. */
function requireAddresses(addresses: readonly string[] | null | undefined): void {
  const wrong = findNonAddress(addresses);
  if (wrong !== undefined) throw new AuthproofError('invalid_request', `ipAddresses: ${wrong} is not an IP address (the list is matched exactly: no ranges)`);
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
 * Issues a key to a tenant. With the `replace` policy the keys already in its slot (the tenant's keys of the
 * scheme, in the key's environment) are retired as `replaced` at once (one active key per slot); with `add`
 * they stay. Only the SHA-256 of the key is stored.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "Each merchant account can have only one active API key at a
 *   time. If you generate a new key, the previous key is immediately invalidated."
 * @see shared/seeds/002_4dfeb6e07fa301a5.txt — "Regenerating issues a new secret and immediately invalidates the old one."
 */
export function issueKey(state: State, key: NewKey, format: KeyFormat, policy: GeneratePolicy, now: number): State {
  ownerOrThrow(state, key.owner);
  requireAddresses(key.ipAddresses);
  const environment = environmentOf(format, key.value);
  const replaced = policy === 'replace' ? keysOf(state, { owner: key.owner, scheme: key.scheme, environment }).map(([hash]) => hash) : [];
  const cleared = retire(state, replaced, now, 'replaced');
  const record: KeyRecord = {
    id: key.id,
    scheme: key.scheme,
    owner: key.owner,
    prefix: displayPrefix(format, key.value),
    environment,
    label: key.label ?? null,
    active: key.active ?? true,
    rateLimit: key.rateLimit ?? null,
    permissions: key.permissions ?? null,
    ipAddresses: key.ipAddresses ?? null,
    createdAt: now,
    lastUsedAt: null,
  };
  return { ...cleared, keys: { ...cleared.keys, [hashSecret(key.value)]: record } };
}

/**
 * Revokes the keys in the slot.
 * @throws {AuthproofError} `not_found` when it holds none (assumption ITP-A5).
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "Once revoked, all requests using that key will fail".
 */
export function revokeKey(state: State, slot: KeySlot, now: number): State {
  ownerOrThrow(state, slot.owner);
  const held = keysOf(state, slot);
  if (held.length === 0) throw new AuthproofError('not_found', 'No active API key');
  return retire(state, held.map(([hash]) => hash), now, 'revoked');
}

/**
 * The newest key in the slot, never its value.
 * @throws {AuthproofError} `not_found` when it holds none (assumption ITP-A5).
 */
export function activeKeyOf(state: State, slot: KeySlot): KeyRecord {
  ownerOrThrow(state, slot.owner);
  const newest = keysOf(state, slot).at(-1)?.[1];
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
 * @param seen the key's record as the caller last read it: when it already shows this use, the state is
 *   not searched.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "ISO 8601 timestamp of the most recent authenticated request
 *   using this key."
 */
export function touchKey(state: State, keyHash: string, seen: KeyRecord, now: number): State {
  if (seen.lastUsedAt === Math.max(now, seen.createdAt)) return state;
  const key = state.keys[keyHash];
  if (!key) return state;
  const lastUsedAt = Math.max(now, key.createdAt);
  if (key.lastUsedAt === lastUsedAt) return state;
  return { ...state, keys: { ...state.keys, [keyHash]: { ...key, lastUsedAt } } };
}

/**
 * Checks the keys of a state against the profile's key schemes, which the state cannot know by itself:
 * each key is of one of them, and in one of its environments exactly when it has environments, the one
 * its shown prefix names.
 * @param formats the key format of each `merchant-key` scheme, by name.
 * @returns the first inconsistency, or null.
 */
export function findKeyInconsistency(state: State, formats: ReadonlyMap<string, KeyFormat>): string | null {
  for (const [hash, key] of Object.entries(state.keys)) {
    const format = formats.get(key.scheme);
    if (!format) return `keys.${hash}: ${key.scheme} is not a key scheme of the profile`;
    const environments = format.environments ?? {};
    if (key.environment === null ? Object.keys(environments).length > 0 : !Object.hasOwn(environments, key.environment)) {
      return `keys.${hash}: environment ${String(key.environment)} is not one of the key format's (${Object.keys(environments).join(', ') || 'none'})`;
    }
    const prefix = key.environment === null ? format.prefix : environments[key.environment]!;
    if (!(key.prefix.length >= prefix.length ? key.prefix.startsWith(prefix) : prefix.startsWith(key.prefix))) {
      return `keys.${hash}: its prefix ${key.prefix} is not of environment ${String(key.environment)}`;
    }
  }
  return null;
}

/** What the admin API may change on an issued key. */
export type KeyChanges = Partial<Pick<KeyRecord, 'label' | 'active' | 'rateLimit' | 'permissions' | 'ipAddresses'>>;

/**
 * Changes an issued key's settings (enable or disable it, its permissions, its IP list, …); its value,
 * owner, scheme and environment stay.
 * @throws {AuthproofError} `not_found` when no working key has the id.
 * @see shared/providers.md §3.2 — keys edited after issue: name, allowed IP addresses, enabled, permissions.
 */
export function changeKey(state: State, id: string, changes: KeyChanges): State {
  requireAddresses(changes.ipAddresses);
  const found = Object.entries(state.keys).find(([, key]) => key.id === id);
  if (!found) throw new AuthproofError('not_found', `No working API key has the id ${id}`);
  const [hash, key] = found;
  return { ...state, keys: { ...state.keys, [hash]: { ...key, ...changes } } };
}
