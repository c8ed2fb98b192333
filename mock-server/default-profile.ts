import { packageManifest } from './package-manifest.js';

/** The profile served when none is named: package.json's `authproof.defaultProfile` (data, not engine code). */
export const defaultProfile: string = packageManifest.authproof.defaultProfile;
