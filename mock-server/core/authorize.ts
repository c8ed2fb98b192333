import { AuthproofError } from './errors.js';
import { isAllowed, normalizeIp } from './ip-allowlist.js';
import { canAccessMerchant, type Principal } from './principal.js';
import type { State } from './state.js';

/** What {@link authorize} needs to know about the request. */
export interface AuthorizationRequest {
  principal: Principal;
  /** The merchant named in the path, or null when the operation names none. */
  merchantId: string | null;
  clientIp: string;
  /** The merchant whose allowlist the credential is subject to, or null (its credential handler says). */
  allowlistOwner: string | null;
}

/**
 * The 403 rules after a credential has authenticated: the merchant in the path must be the caller's, and
 * a credential subject to a merchant's allowlist must come from an address in it when one is set.
 * @throws {AuthproofError} `merchant_forbidden` or `ip_forbidden`.
 * @see shared/seeds/000_76daade9c3345efb.txt — "403 Forbidden — The credential is valid but does not have
 *   permission for the requested operation."
 */
export function authorize(state: State, request: AuthorizationRequest): void {
  const { principal, merchantId } = request;
  if (merchantId !== null && !canAccessMerchant(state, principal, merchantId)) {
    throw new AuthproofError(
      'merchant_forbidden',
      principal.kind === 'key'
        ? `This API key was issued for another merchant, not ${merchantId}`
        : `Your account has no access to merchant ${merchantId}`,
    );
  }
  if (request.allowlistOwner !== null) {
    const allowlist = state.merchants[request.allowlistOwner]?.allowlist ?? null;
    if (!isAllowed(allowlist, request.clientIp)) {
      throw new AuthproofError('ip_forbidden', `API-key requests from ${normalizeIp(request.clientIp)} are not in this merchant's IP allowlist`);
    }
  }
}
