import { merchantOf, type KeyRecord, type State, type Tenant } from './state.js';

/** Who a request authenticated as, and with which security scheme of the profile. */
export type Principal =
  | { kind: 'user'; userId: string; scheme: string; permissions: readonly string[] | null }
  | {
      kind: 'key';
      keyHash: string;
      /** The key's record when it was verified (its settings: limit, permissions, addresses). */
      key: KeyRecord;
      owner: Tenant;
      scheme: string;
      environment: string | null;
    };

/**
 * True when the principal may act on the merchant: a user owns it, or an API key was issued for it.
 * @see shared/seeds/000_76daade9c3345efb.txt — "the Bearer token belongs to an account without access to
 *   the specified merchant" → 403; providers.md §1.4 — "API key used on a merchant it was not issued for" → 403.
 */
export function canAccessMerchant(state: State, principal: Principal, merchantId: string): boolean {
  if (principal.kind === 'key') return principal.owner.kind === 'merchant' && principal.owner.id === merchantId;
  return merchantOf(state, merchantId)?.ownerId === principal.userId;
}

/**
 * The caller's own account (`x-authproof-tenant: me`): a user's, or the account an API key was issued
 * to; null for a key issued to a merchant.
 */
export function accountOf(principal: Principal): Tenant | null {
  if (principal.kind === 'user') return { kind: 'account', id: principal.userId };
  return principal.owner.kind === 'account' ? principal.owner : null;
}
