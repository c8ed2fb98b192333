import { addMerchant, addUser } from './accounts.js';
import { isWellFormedKey, type KeyFormat } from './api-key.js';
import { isAllowlistEntry } from './ip-allowlist.js';
import { issueKey } from './key-lifecycle.js';
import { hashPassword } from './password.js';
import type { RandomSource } from './random.js';
import { appendResources, emptyState, type AccountStatus, type Balance, type ResourceRecord, type State, type Tenant } from './state.js';
import { hashSecret } from './secret-hash.js';

/** An API key a tenant holds from the start: its value, or the value with what is recorded with it. */
export type FixtureKey = string | { value: string; label?: string; active?: boolean; rateLimit?: number; permissions?: string[]; ipAddresses?: string[] };

/** Records of a tenant: collection → records, each with `id`, `createdAt` (ISO 8601) and the profile's fields. */
export type FixtureResources = Record<string, Array<{ id: string; createdAt: string } & Record<string, unknown>>>;

/** A merchant as written in a fixtures file. */
export interface FixtureMerchant {
  id: string;
  name: string;
  balances?: Balance[];
  /** An API key to start with, so tests need not generate one. */
  apiKey?: FixtureKey;
  /** More keys (a profile with several key schemes or environments). */
  apiKeys?: FixtureKey[];
  allowlist?: string | null;
  resources?: FixtureResources;
}

/** A user (and their own account) as written in a fixtures file; the password is hashed on load. */
export interface FixtureUser {
  id: string;
  email: string;
  password: string;
  /** Default `active`. */
  status?: AccountStatus;
  /** The account's own API key and records (profiles whose operations use `x-authproof-tenant: me`). */
  apiKey?: FixtureKey;
  apiKeys?: FixtureKey[];
  resources?: FixtureResources;
  merchants?: FixtureMerchant[];
}

/** The content of a fixtures file (schema: `fixtures/fixtures.schema.json`). */
export interface Fixtures {
  users: FixtureUser[];
}

/** Fixtures whose passwords are being hashed (scrypt runs on the thread pool meanwhile). */
export interface PreparedFixtures {
  fixtures: Fixtures;
  /** The users' password hashes, in fixture order. */
  passwordHashes: Promise<string[]>;
}

/**
 * Starts hashing every fixture user's password with scrypt. Separate from {@link stateFromFixtures} so
 * that start-up can do other work (loading modules, reading the profile) while the hashes are computed.
 */
export function prepareFixtures(fixtures: Fixtures, random: RandomSource): PreparedFixtures {
  const passwordHashes = Promise.all(fixtures.users.map((user) => hashPassword(user.password, random)));
  passwordHashes.catch(() => undefined);
  return { fixtures, passwordHashes };
}

/** The id of a fixture key: derived from its hash, so that every reset gives it the same one. */
function fixtureKeyId(value: string): string {
  const hex = hashSecret(`fixture-key-id:${value}`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** One of the profile's API-key schemes, as fixtures need it. */
export interface FixtureKeyScheme {
  name: string;
  format: KeyFormat;
}

/** Gives a tenant its fixture records and keys; each key goes to the first scheme whose format it has. */
function seedTenant(state: State, tenant: Tenant, seed: { apiKey?: FixtureKey; apiKeys?: FixtureKey[]; resources?: FixtureResources }, schemes: readonly FixtureKeyScheme[], now: number): State {
  let seeded = state;
  for (const [collection, records] of Object.entries(seed.resources ?? {})) {
    const stored: ResourceRecord[] = records.map(({ id, createdAt, ...fields }) => ({ id, tenantId: tenant.id, environment: null, createdAt: Date.parse(createdAt), fields }));
    seeded = appendResources(seeded, collection, tenant.id, stored);
  }
  for (const fixtureKey of [...(seed.apiKey === undefined ? [] : [seed.apiKey]), ...(seed.apiKeys ?? [])]) {
    const key = typeof fixtureKey === 'string' ? { value: fixtureKey } : fixtureKey;
    const scheme = schemes.find((candidate) => isWellFormedKey(candidate.format, key.value));
    if (!scheme) throw new Error(`${tenant.kind} ${tenant.id}: an API key does not match the format of any of the profile's key schemes`);
    seeded = issueKey(seeded, { ...key, id: fixtureKeyId(key.value), scheme: scheme.name, owner: tenant }, scheme.format, 'add', now);
  }
  return seeded;
}

/**
 * Builds the state that `serve`, admin reset and tests start from, with the passwords hashed by
 * {@link prepareFixtures}. Fixture API keys are stored as SHA-256 hashes, like keys issued at run time.
 * @throws {Error} naming the fixture entry that is inconsistent (duplicate id or email, bad allowlist,
 *   key in the wrong format).
 */
export function stateFromFixtures(fixtures: Fixtures, passwordHashes: readonly string[], keySchemes: readonly FixtureKeyScheme[], now: number): State {
  let state = emptyState();
  fixtures.users.forEach((user, index) => {
    const where = `users[${index}]`;
    try {
      state = addUser(state, { id: user.id, email: user.email, passwordHash: passwordHashes[index]!, status: user.status });
      state = seedTenant(state, { kind: 'account', id: user.id }, user, keySchemes, now);
      for (const merchant of user.merchants ?? []) {
        if (merchant.allowlist != null && !isAllowlistEntry(merchant.allowlist)) {
          throw new Error(`merchant ${merchant.id}: allowlist must be one IPv4 address or CIDR range`);
        }
        state = addMerchant(state, { ...merchant, ownerId: user.id });
        state = seedTenant(state, { kind: 'merchant', id: merchant.id }, merchant, keySchemes, now);
      }
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  });
  return state;
}
