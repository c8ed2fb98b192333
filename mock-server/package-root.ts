import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The authproof package folder (where spec/ and fixtures/ live), found from this module's location so
 * that it works from the TypeScript sources and from dist/ alike.
 */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'spec'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('authproof: cannot find the package folder holding spec/');
    dir = parent;
  }
  return dir;
})();
