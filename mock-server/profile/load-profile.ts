import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYaml } from './parse-yaml.js';
import { cachedDocument } from './spec-cache.js';
import { packageRoot } from '../package-root.js';
import { compileProfile, ProfileError } from './compile-profile.js';
import type { Profile } from './profile.js';

const SUFFIX = '.openapi.yaml';

/** Names of the profiles shipped in spec/ (every `<name>.openapi.yaml` but the admin API's). */
export function builtinProfiles(): string[] {
  return readdirSync(join(packageRoot, 'spec'))
    .filter((file) => file.endsWith(SUFFIX) && file !== `admin${SUFFIX}`)
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
}

/**
 * Reads and compiles a profile: a built-in name or the path of a vendor's own annotated
 * OpenAPI document (YAML or JSON), whose `x-authproof-*` values are checked against
 * spec/extensions.schema.json.
 * @throws {ProfileError} when the profile is unknown, unreadable or cannot be served.
 */
export async function loadProfile(nameOrPath: string): Promise<Profile> {
  const isPath = /[\\/]|\.(ya?ml|json)$/i.test(nameOrPath);
  if (!isPath && !builtinProfiles().includes(nameOrPath)) {
    throw new ProfileError(`unknown profile '${nameOrPath}' (built-in profiles: ${builtinProfiles().join(', ')}; or pass the path of an annotated OpenAPI file)`);
  }
  const file = isPath ? resolve(nameOrPath) : join(packageRoot, 'spec', `${nameOrPath}${SUFFIX}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProfileError(`cannot read profile ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let document = isPath ? undefined : cachedDocument(nameOrPath, text);
  try {
    document ??= await parseYaml(text);
  } catch (error) {
    throw new ProfileError(`${file}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return compileProfile(document, file, { trusted: !isPath });
}
