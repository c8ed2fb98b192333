import { AuthproofError } from './errors.js';
import { isAllowed, normalizeIp } from './ip-allowlist.js';
import { canAccessMerchant, type Principal } from './principal.js';
import { merchantOf, type State } from './state.js';

/**
 * The client addresses a credential may come from: its merchant's allowlist (one IPv4 address or CIDR
 * range), or the key's own list of addresses, matched exactly.
 */
export type IpRule = { kind: 'merchant'; merchantId: string } | { kind: 'key'; addresses: readonly string[] | null };

/** What {@link authorize} needs to know about the request. */
export interface AuthorizationRequest {
  principal: Principal;
  /** The merchant named in the path, or null when the operation names none. */
  merchantId: string | null;
  /** The client's address: asked only where a list of addresses applies. */
  clientIp: () => string;
  /** The addresses the credential may come from, or null for any (its credential handler says). */
  ipRule: IpRule | null;
}

/**
 * The 403 rules after a credential has authenticated: the merchant in the path must be the caller's, and
 * a credential subject to a merchant's allowlist must come from an address in it when one is set — or,
 * subject to its own address list, from one of those addresses exactly.
 * @see shared/providers.md §3.3 — `ip_addresses` non-empty and the request IP not in it → 403 (PHP `in_array`).
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
  const rule = request.ipRule;
  const allowlist = rule?.kind === 'merchant' ? (merchantOf(state, rule.merchantId)?.allowlist ?? null) : null;
  if (allowlist !== null) {
    const clientIp = request.clientIp();
    if (!isAllowed(allowlist, clientIp)) throw new AuthproofError('ip_forbidden', `API-key requests from ${normalizeIp(clientIp)} are not in this merchant's IP allowlist`);
  }
  if (rule?.kind === 'key' && rule.addresses !== null && rule.addresses.length > 0) {
    const clientIp = normalizeIp(request.clientIp());
    if (!rule.addresses.includes(clientIp)) throw new AuthproofError('ip_forbidden', `This API key may not be used from ${clientIp}`);
  }
}
