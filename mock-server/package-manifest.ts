import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** authproof's package.json, read once: its version, and `authproof.defaultProfile` (the profile served when none is named). */
export const packageManifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string; authproof: { defaultProfile: string } };
