import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fixtures } from './core/fixtures.js';
import { packageRoot } from './package-root.js';
import { createAjv, describeFirstError } from './profile/create-ajv.js';

/**
 * Reads and validates a fixtures file against fixtures/fixtures.schema.json.
 * @throws {Error} with a one-line message naming the file and the problem.
 */
export function loadFixtures(path: string): Fixtures {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read fixtures ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`fixtures ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const ajv = createAjv();
  const validate = ajv.compile(JSON.parse(readFileSync(join(packageRoot, 'fixtures', 'fixtures.schema.json'), 'utf8')));
  if (!validate(value)) throw new Error(`fixtures ${path}: ${describeFirstError(validate.errors, 'document')}`);
  return value as Fixtures;
}

/** The fixtures shipped for a profile (`fixtures/<id>.json`), or none. */
export function defaultFixtures(profileId: string): Fixtures {
  const path = join(packageRoot, 'fixtures', `${profileId}.json`);
  return existsSync(path) ? loadFixtures(path) : { users: [] };
}
