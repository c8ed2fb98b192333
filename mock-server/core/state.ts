import { isAllowlistEntry } from './ip-allowlist.js';

/** A user who can log in and own merchants. */
export interface UserRecord {
  id: string;
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url); never the password. */
  passwordHash: string;
}

/** A balance line shown in the merchant list. */
export interface Balance {
  paymentMethodID: number;
  balance: string;
  symbol: string;
}

/** A merchant and its credential settings. */
export interface MerchantRecord {
  id: string;
  name: string;
  ownerId: string;
  balances: Balance[];
  /** One IPv4 address or CIDR range that API-key requests must come from; null allows every address. */
  allowlist: string | null;
  /** SHA-256 of the merchant's single active API key, or null. */
  activeKeyHash: string | null;
}

/** An active API key, stored by the SHA-256 of its value. */
export interface ActiveKey {
  merchantId: string;
  /** The first characters of the key, safe to show. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A key that no longer works, kept so its 401 can say why. */
export interface RetiredKey {
  merchantId: string;
  prefix: string;
  retiredAt: number;
  reason: 'revoked' | 'replaced';
}

/** A stored payment resource (invoice, withdrawal, …). */
export interface ResourceRecord {
  id: string;
  merchantId: string;
  createdAt: number;
  /** The fields as the profile names them, minus `id` and `createdAt`. */
  fields: Record<string, unknown>;
}

/** A private JWK (ES256 by default) with its key id. */
export interface SigningKey {
  kid: string;
  alg: string;
  privateJwk: Record<string, unknown>;
}

/**
 * Everything the mock knows, as plain JSON: the unit of state export, import, `--state-file` and reset.
 * Timestamps are epoch milliseconds. Every core transition returns a new object and leaves the old one alone.
 */
export interface State {
  version: 1;
  users: Record<string, UserRecord>;
  merchants: Record<string, MerchantRecord>;
  keys: Record<string, ActiveKey>;
  retiredKeys: Record<string, RetiredKey>;
  /** collection name → merchant id → records in creation order. */
  resources: Record<string, Record<string, ResourceRecord[]>>;
  signingKey: SigningKey | null;
}

/** A state with nothing in it. */
export function emptyState(): State {
  return { version: 1, users: {}, merchants: {}, keys: {}, retiredKeys: {}, resources: {}, signingKey: null };
}

/** The user with this email (case-insensitive), if any. */
export function findUserByEmail(state: State, email: string): UserRecord | undefined {
  const wanted = email.toLowerCase();
  return Object.values(state.users).find((user) => user.email.toLowerCase() === wanted);
}

/**
 * Checks a JSON schema cannot express: owners exist, each active key belongs to its merchant, allowlists
 * are IPv4 addresses or CIDR ranges.
 * @returns the first inconsistency, or null.
 */
export function findInconsistency(state: State): string | null {
  for (const [id, user] of Object.entries(state.users)) {
    if (user.id !== id) return `users.${id}: id is ${user.id}`;
  }
  for (const [id, merchant] of Object.entries(state.merchants)) {
    if (merchant.id !== id) return `merchants.${id}: id is ${merchant.id}`;
    if (!state.users[merchant.ownerId]) return `merchants.${id}: owner ${merchant.ownerId} is not a user`;
    if (merchant.allowlist !== null && !isAllowlistEntry(merchant.allowlist)) return `merchants.${id}: allowlist must be one IPv4 address or CIDR range`;
    const hash = merchant.activeKeyHash;
    if (hash !== null && state.keys[hash]?.merchantId !== id) return `merchants.${id}: activeKeyHash is not one of its keys`;
  }
  for (const [hash, key] of Object.entries(state.keys)) {
    if (state.merchants[key.merchantId]?.activeKeyHash !== hash) return `keys.${hash}: not the active key of merchant ${key.merchantId}`;
  }
  return null;
}

/** Adds records to a merchant's collection, after the ones already there. */
export function appendResources(state: State, collection: string, merchantId: string, records: readonly ResourceRecord[]): State {
  const byMerchant = state.resources[collection] ?? {};
  const merchantRecords = [...(byMerchant[merchantId] ?? []), ...records];
  return { ...state, resources: { ...state.resources, [collection]: { ...byMerchant, [merchantId]: merchantRecords } } };
}
