/** Build step (`npm run build`): caches every built-in profile's parsed document; see spec-cache.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { builtinProfiles } from './load-profile.js';
import { parseYaml } from './parse-yaml.js';
import { writeCachedDocument } from './spec-cache.js';

for (const name of builtinProfiles()) {
  const text = readFileSync(join(packageRoot, 'spec', `${name}.openapi.yaml`), 'utf8');
  writeCachedDocument(name, text, await parseYaml(text));
}
