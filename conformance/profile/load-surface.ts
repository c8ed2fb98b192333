import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSurface, SurfaceError } from './read-surface.js';
import type { Surface } from './surface.js';

const SUFFIX = '.openapi.yaml';

/** The built-in profile names in `specDir` (every `<name>.openapi.yaml` but the admin API's). */
export function builtinSurfaces(specDir: string): string[] {
  return readdirSync(specDir)
    .filter((file) => file.endsWith(SUFFIX) && file !== `admin${SUFFIX}`)
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
}

/**
 * Reads a profile's surface: a built-in name (`iterapay`, from `specDir`) or the path of a vendor's own
 * annotated OpenAPI document.
 * @throws {SurfaceError} when the profile is unknown, unreadable or cannot be read as a surface.
 */
export function loadSurface(nameOrPath: string, specDir: string): Surface {
  const isPath = /[\\/]|\.(ya?ml|json)$/i.test(nameOrPath);
  if (!isPath && !builtinSurfaces(specDir).includes(nameOrPath)) {
    throw new SurfaceError(`unknown profile '${nameOrPath}' (built-in profiles: ${builtinSurfaces(specDir).join(', ')}; or pass the path of an annotated OpenAPI file)`);
  }
  const file = isPath ? resolve(nameOrPath) : join(specDir, `${nameOrPath}${SUFFIX}`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SurfaceError(`cannot read profile ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return readSurface(text, file);
}
