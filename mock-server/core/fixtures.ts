import { addMerchant, addUser } from './accounts.js';
import { isWellFormedKey, type KeyFormat } from './api-key.js';
import { isAllowlistEntry } from './ip-allowlist.js';
import { issueKey } from './key-lifecycle.js';
import { hashPassword } from './password.js';
import type { RandomSource } from './random.js';
import { appendResources, emptyState, type Balance, type ResourceRecord, type State } from './state.js';

/** A merchant as written in a fixtures file. */
export interface FixtureMerchant {
  id: string;
  name: string;
  balances?: Balance[];
  /** An API key to start with, so tests need not generate one. */
  apiKey?: string;
  allowlist?: string | null;
  /** collection → records, each with `id`, `createdAt` (ISO 8601) and the profile's fields. */
  resources?: Record<string, Array<{ id: string; createdAt: string } & Record<string, unknown>>>;
}

/** A user as written in a fixtures file; the password is hashed on load. */
export interface FixtureUser {
  id: string;
  email: string;
  password: string;
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

/**
 * Builds the state that `serve`, admin reset and tests start from, with the passwords hashed by
 * {@link prepareFixtures}. Fixture API keys are stored as SHA-256 hashes, like keys issued at run time.
 * @throws {Error} naming the fixture entry that is inconsistent (duplicate id or email, bad allowlist,
 *   key in the wrong format).
 */
export function stateFromFixtures(fixtures: Fixtures, passwordHashes: readonly string[], keyFormat: KeyFormat | null, now: number): State {
  let state = emptyState();
  fixtures.users.forEach((user, index) => {
    const where = `users[${index}]`;
    try {
      state = addUser(state, { id: user.id, email: user.email, passwordHash: passwordHashes[index]! });
      for (const merchant of user.merchants ?? []) {
        if (merchant.allowlist != null && !isAllowlistEntry(merchant.allowlist)) {
          throw new Error(`merchant ${merchant.id}: allowlist must be one IPv4 address or CIDR range`);
        }
        state = addMerchant(state, { ...merchant, ownerId: user.id });
        for (const [collection, records] of Object.entries(merchant.resources ?? {})) {
          const stored: ResourceRecord[] = records.map(({ id, createdAt, ...fields }) => ({
            id,
            merchantId: merchant.id,
            createdAt: Date.parse(createdAt),
            fields,
          }));
          state = appendResources(state, collection, merchant.id, stored);
        }
        if (merchant.apiKey !== undefined) {
          if (!keyFormat || !isWellFormedKey(keyFormat, merchant.apiKey)) {
            throw new Error(`merchant ${merchant.id}: apiKey does not match the profile's key format`);
          }
          state = issueKey(state, merchant.id, merchant.apiKey, keyFormat, now);
        }
      }
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  });
  return state;
}
