import { packageManifest } from '../mock-server/package-manifest.js';

/** authproof's version, from its package.json. */
export const packageVersion: string = packageManifest.version;
