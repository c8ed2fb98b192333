import type { IpRule } from '../../core/authorize.js';
import type { Principal } from '../../core/principal.js';
import type { SchemeDefinition } from '../../profile/profile.js';
import type { MockRuntime } from '../../mock-runtime.js';

/**
 * One kind of credential (`x-authproof-credential`): how a value is verified, and the hooks the request
 * pipeline calls for a principal of that kind — so the pipeline itself never branches on a kind.
 */
export interface CredentialHandler {
  /**
   * Checks one scheme's credential value and says who it belongs to, without side effects.
   * @throws {AuthproofError} one of the 401 credential codes.
   */
  verify(value: string, scheme: SchemeDefinition, runtime: MockRuntime): Principal | Promise<Principal>;
  /** Records that the credential was used (a key's `lastUsedAt`), before anything else can refuse it. */
  recordUse(principal: Principal, runtime: MockRuntime, now: number): void;
  /** Who the rate limiter counts the request under, and a limit of the credential's own, if it has one. */
  rateLimitKey(principal: Principal, runtime: MockRuntime): { callerId: string; limit: number | null };
  /** The addresses the credential may come from, under the scheme's `x-authproof-ip-allowlist`; null: any. */
  ipRule(principal: Principal, runtime: MockRuntime, source: 'merchant' | 'key'): IpRule | null;
  /** The permissions the credential holds; null: every permission. */
  permissions(principal: Principal, runtime: MockRuntime): readonly string[] | null;
}
