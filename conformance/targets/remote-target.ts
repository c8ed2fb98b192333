import type { Capability } from '../requirements.js';
import type { Target } from '../target.js';

/**
 * What a real deployment needs: its URL and a Bearer token of an account — with one of its merchants when
 * the profile's operations name a merchant — and optionally a second account.
 */
export interface RemoteTargetOptions {
  baseUrl: string;
  /** A merchant of the account; absent for a profile whose operations act on the caller's own account. */
  merchant?: string;
  bearer: string;
  otherMerchant?: string;
  otherBearer?: string;
  /** Allow checks that rotate and revoke the merchant's key. */
  allowDestructive?: boolean;
  /** Tokens of the merchant's owner that must be refused for their time claims: expired, and not valid yet. */
  expiredBearer?: string;
  notYetValidBearer?: string;
}

/** A deployment reached with the credentials it was given; it has no clock control and mints no tokens. */
export function remoteTarget(options: RemoteTargetOptions): Target {
  const capabilities = new Set<Capability>();
  if (options.allowDestructive) capabilities.add('destructive');
  if (options.otherMerchant) capabilities.add('other-merchant');
  if (options.otherBearer && (options.otherMerchant || options.merchant === undefined)) capabilities.add('other-account');
  if (options.expiredBearer) capabilities.add('expired-token');
  if (options.notYetValidBearer) capabilities.add('not-yet-valid-token');
  const stale = { expired: options.expiredBearer, 'not-yet-valid': options.notYetValidBearer };
  return {
    description: options.baseUrl,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    capabilities,
    merchant: options.merchant ?? '',
    bearer: options.bearer,
    otherMerchant: options.otherMerchant,
    otherBearer: options.otherBearer,
    reset: async () => undefined,
    close: async () => undefined,
    staleToken: async (kind) => stale[kind]!,
    secrets: () => [options.bearer, options.otherBearer, options.expiredBearer, options.notYetValidBearer].filter((secret): secret is string => secret !== undefined),
  };
}
