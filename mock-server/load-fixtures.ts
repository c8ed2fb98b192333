import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareFixtures, type Fixtures, type PreparedFixtures } from './core/fixtures.js';
import type { RandomSource } from './core/random.js';
import { ConfigError } from './config-error.js';
import { packageRoot } from './package-root.js';
import { builtinProfiles } from './profile/load-profile.js';
import { describeFirstError, lazyAjv } from './profile/create-ajv.js';
import { cachedPasswordHashes } from './profile/spec-cache.js';

const FIXTURES_SCHEMA_ID = 'https://authproof.dev/schemas/fixtures.json';

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A validator holding fixtures/fixtures.schema.json. */
const fixturesValidator = lazyAjv((ajv) => {
  ajv.addSchema(readJson(join(packageRoot, 'fixtures', 'fixtures.schema.json')) as object);
});

/**
 * Reads and validates a fixtures file against fixtures/fixtures.schema.json.
 * @throws {ConfigError} with a one-line message naming the file and the problem.
 */
export async function loadFixtures(path: string): Promise<Fixtures> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read fixtures ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`fixtures ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const validate = (await fixturesValidator()).getSchema(FIXTURES_SCHEMA_ID)!;
  if (!validate(value)) throw new ConfigError(`fixtures ${path}: ${describeFirstError(validate.errors, 'document')}`);
  return value as Fixtures;
}

/** The fixtures shipped with a built-in profile (`fixtures/<name>.json`), and their text; none for other profiles. */
function shippedFixtures(profile: string): { fixtures: Fixtures; text: string | null } {
  const path = join(packageRoot, 'fixtures', `${profile}.json`);
  if (!builtinProfiles().includes(profile) || !existsSync(path)) return { fixtures: { users: [] }, text: null };
  const text = readFileSync(path, 'utf8');
  return { fixtures: JSON.parse(text) as Fixtures, text };
}

/**
 * The fixtures shipped with a built-in profile (`fixtures/<name>.json`); none for other profiles. They are
 * part of the package and checked against the schema by its tests, not at every start.
 */
export const defaultFixtures = (profile: string): Fixtures => shippedFixtures(profile).fixtures;

/**
 * {@link defaultFixtures}, prepared: with the password hashes `npm run build` cached for exactly this text,
 * else hashed now ({@link prepareFixtures}).
 */
export function preparedDefaultFixtures(profile: string, random: RandomSource): PreparedFixtures {
  const { fixtures, text } = shippedFixtures(profile);
  const cached = text === null ? undefined : cachedPasswordHashes(profile, text);
  return cached?.length === fixtures.users.length ? { fixtures, passwordHashes: Promise.resolve(cached) } : prepareFixtures(fixtures, random);
}
