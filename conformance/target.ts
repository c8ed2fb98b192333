import type { Capability } from './requirements.js';

/** A genuine Bearer token of the merchant's owner that must be refused for its time claims. */
export type StaleToken = 'expired' | 'not-yet-valid';

/**
 * A deployment under test and what it offers. The suite reaches it over HTTP only; a target without a
 * capability skips the requirements that need it, saying why.
 */
export interface Target {
  /** How reports name it: `embedded mock` or the base URL. */
  description: string;
  baseUrl: string;
  capabilities: ReadonlySet<Capability>;
  /** A merchant and a Bearer token of its owner. */
  merchant: string;
  bearer: string;
  /** A merchant of another account (capability other-merchant) and its owner's token (other-account). */
  otherMerchant?: string;
  otherBearer?: string;
  /** Brings the target back to its starting point before each check run, where it can. */
  reset(): Promise<void>;
  /** Moves the target's clock (capability clock). */
  advanceClock?(seconds: number): Promise<void>;
  /** A token of the merchant's owner that has expired (capability expired-token) or is not valid yet (not-yet-valid-token). */
  staleToken?(kind: StaleToken): Promise<string>;
  /** Every credential the run was given, to be redacted from reports. */
  secrets(): string[];
  /** Leaves the target as the run found it where it can (the admin target releases the clock it froze). */
  close(): Promise<void>;
}

/** Why a target lacks a capability, for SKIPPED results. */
export const missingCapabilityReasons: Readonly<Record<Capability, string>> = {
  destructive: 'rotates or revokes the merchant key; pass --allow-destructive to run it against a real deployment',
  'other-merchant': "needs a second account's merchant (--other-merchant)",
  'other-account': "needs a second account's Bearer token (--other-bearer; and its merchant, --other-merchant, where operations name one)",
  clock: "needs control of the target's clock (the embedded mock's admin API)",
  'expired-token': "needs an expired token of the merchant's owner (--expired-bearer, or a target with the authproof admin API)",
  'not-yet-valid-token': "needs a token of the merchant's owner whose nbf is ahead (--not-yet-valid-bearer, or a target with the authproof admin API)",
};
