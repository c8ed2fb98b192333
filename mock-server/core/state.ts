import { findNonAddress, isAllowlistEntry } from './ip-allowlist.js';

/** A user who can log in and own merchants. */
export interface UserRecord {
  id: string;
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url); never the password. */
  passwordHash: string;
  /**
   * `suspended`: the account's credentials (its tokens, its keys and its merchants' keys) are refused;
   * `deleted`: the same, and it can no longer log in — kept so that its keys can say why.
   */
  status: AccountStatus;
}

/** Whether an account may act (see {@link UserRecord.status}). */
export type AccountStatus = 'active' | 'suspended' | 'deleted';

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
}

/**
 * Whose data an operation acts on, and who owns an API key: a merchant named in the path
 * (`x-authproof-merchant-param`), or the caller's own account (`x-authproof-tenant: me`).
 */
export interface Tenant {
  kind: 'merchant' | 'account';
  id: string;
}

/** An API key that works (unless inactive), stored by the SHA-256 of its value. */
export interface KeyRecord {
  id: string;
  /** The security scheme it was issued for. */
  scheme: string;
  owner: Tenant;
  /** The first characters of the key, safe to show. */
  prefix: string;
  /** The environment of a scheme whose key format has environments (`TEST`, `LIVE`); null otherwise. */
  environment: string | null;
  label: string | null;
  /** An inactive key is refused like an unknown one. */
  active: boolean;
  /** Requests per the scheme's window allowed for this key; null: the scheme's limit. */
  rateLimit: number | null;
  /** What the key may do (OpenAPI scopes of an operation's security); null: everything. */
  permissions: string[] | null;
  /** The only client addresses the key may be used from, matched exactly (`x-authproof-ip-allowlist: key`); null or empty: any. */
  ipAddresses: string[] | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A key that no longer works, kept so its 401 can say why. */
export interface RetiredKey {
  owner: Tenant;
  prefix: string;
  retiredAt: number;
  reason: 'revoked' | 'replaced';
}

/** A stored payment resource (invoice, withdrawal, order, …), owned by a tenant. */
export interface ResourceRecord {
  id: string;
  /** The tenant (merchant or account) id. */
  tenantId: string;
  /** The environment it was created in (that of the key that created it); null where there is none. */
  environment: string | null;
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
  version: 3;
  users: Record<string, UserRecord>;
  merchants: Record<string, MerchantRecord>;
  keys: Record<string, KeyRecord>;
  retiredKeys: Record<string, RetiredKey>;
  /** collection name → tenant id → records in creation order. */
  resources: Record<string, Record<string, ResourceRecord[]>>;
  signingKey: SigningKey | null;
}

/** A state with nothing in it. */
export function emptyState(): State {
  return { version: 3, users: {}, merchants: {}, keys: {}, retiredKeys: {}, resources: {}, signingKey: null };
}

/**
 * The user with this id, if any. Ids come from requests, so only the map's own entries count: `constructor`
 * or `__proto__` is no user.
 */
export function userOf(state: State, id: string): UserRecord | undefined {
  return Object.hasOwn(state.users, id) ? state.users[id] : undefined;
}

/** The merchant with this id, if any (own entries only, like {@link userOf}). */
export function merchantOf(state: State, id: string): MerchantRecord | undefined {
  return Object.hasOwn(state.merchants, id) ? state.merchants[id] : undefined;
}

/** The user with this email (case-insensitive), if any. */
export function findUserByEmail(state: State, email: string): UserRecord | undefined {
  const wanted = email.toLowerCase();
  return Object.values(state.users).find((user) => user.email.toLowerCase() === wanted);
}

/** The user whose account a tenant is or belongs to (a merchant's owner), if it exists. */
export function accountHolderOf(state: State, tenant: Tenant): UserRecord | undefined {
  return userOf(state, tenant.kind === 'merchant' ? (merchantOf(state, tenant.id)?.ownerId ?? '') : tenant.id);
}

/** Whether the tenant exists: a merchant, or a user's account. */
export function tenantExists(state: State, tenant: Tenant): boolean {
  return tenant.kind === 'merchant' ? merchantOf(state, tenant.id) !== undefined : userOf(state, tenant.id) !== undefined;
}

/**
 * Checks a JSON schema cannot express: owners exist, each key's owner exists, allowlists are IPv4
 * addresses or CIDR ranges.
 * @returns the first inconsistency, or null.
 */
export function findInconsistency(state: State): string | null {
  for (const [id, user] of Object.entries(state.users)) {
    if (user.id !== id) return `users.${id}: id is ${user.id}`;
  }
  for (const [id, merchant] of Object.entries(state.merchants)) {
    if (merchant.id !== id) return `merchants.${id}: id is ${merchant.id}`;
    if (!userOf(state, merchant.ownerId)) return `merchants.${id}: owner ${merchant.ownerId} is not a user`;
    if (merchant.allowlist !== null && !isAllowlistEntry(merchant.allowlist)) return `merchants.${id}: allowlist must be one IPv4 address or CIDR range`;
  }
  for (const [hash, key] of Object.entries(state.keys)) {
    if (!tenantExists(state, key.owner)) return `keys.${hash}: its owner ${key.owner.kind} ${key.owner.id} does not exist`;
    const wrong = findNonAddress(key.ipAddresses);
    if (wrong !== undefined) return `keys.${hash}: ipAddresses: ${wrong} is not an IP address`;
  }
  return null;
}

/** Adds records to a tenant's collection, after the ones already there. */
export function appendResources(state: State, collection: string, tenantId: string, records: readonly ResourceRecord[]): State {
  const byTenant = state.resources[collection] ?? {};
  const tenantRecords = [...(byTenant[tenantId] ?? []), ...records];
  return { ...state, resources: { ...state.resources, [collection]: { ...byTenant, [tenantId]: tenantRecords } } };
}

type Loose = Record<string, unknown>;
const isLoose = (value: unknown): value is Loose => value !== null && typeof value === 'object' && !Array.isArray(value);
const mapValues = (value: unknown, change: (item: Loose) => Loose): unknown =>
  isLoose(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, isLoose(item) ? change(item) : item])) : value;

/**
 * A state document of an earlier version brought to the current one, so that a `--state-file` or an export
 * written by an older authproof still loads: version 2 lacked the key's `environment` and `ipAddresses`, the
 * account's `status` and the record's `environment` (all of them "none" then). Anything else is returned
 * as it is, for the schema check to judge.
 */
export function upgradeState(document: unknown): unknown {
  if (!isLoose(document) || document.version !== 2) return document;
  return {
    ...document,
    version: 3,
    users: mapValues(document.users, (user) => ({ status: 'active', ...user })),
    keys: mapValues(document.keys, (key) => ({ environment: null, ipAddresses: null, ...key })),
    resources: mapValues(document.resources, (byTenant) =>
      Object.fromEntries(Object.entries(byTenant).map(([tenantId, records]) => [tenantId, Array.isArray(records) ? records.map((record: unknown) => (isLoose(record) ? { environment: null, ...record } : record)) : records])),
    ),
  };
}
