import type { Principal } from '../../core/principal.js';
import type { SchemeDefinition } from '../../profile/profile.js';
import type { MockRuntime } from '../../mock-runtime.js';

/**
 * Checks one scheme's credential value and says who it belongs to, without side effects.
 * @throws {AuthproofError} one of the 401 credential codes.
 */
export type CredentialVerifier = (value: string, scheme: SchemeDefinition, runtime: MockRuntime) => Principal | Promise<Principal>;
