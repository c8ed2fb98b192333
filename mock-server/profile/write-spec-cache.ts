/**
 * Build step (`npm run build`): caches every built-in profile's parsed document and its fixture users'
 * password hashes; see spec-cache.ts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fixtures } from '../core/fixtures.js';
import { hashPassword } from '../core/password.js';
import { packageRoot } from '../package-root.js';
import { builtinProfiles } from './load-profile.js';
import { parseYaml } from './parse-yaml.js';
import { writeCachedDocument, writeCachedPasswordHashes } from './spec-cache.js';

for (const name of builtinProfiles()) {
  const text = readFileSync(join(packageRoot, 'spec', `${name}.openapi.yaml`), 'utf8');
  writeCachedDocument(name, text, await parseYaml(text));
  const fixturesPath = join(packageRoot, 'fixtures', `${name}.json`);
  if (existsSync(fixturesPath)) {
    const fixturesText = readFileSync(fixturesPath, 'utf8');
    const { users } = JSON.parse(fixturesText) as Fixtures;
    writeCachedPasswordHashes(name, fixturesText, await Promise.all(users.map((user) => hashPassword(user.password, randomBytes))));
  }
}
