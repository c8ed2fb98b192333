import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../mock-server/package-root.js';

/** authproof's version, from its package.json. */
export const packageVersion: string = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
