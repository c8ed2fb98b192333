import { AuthproofError } from '../errors.js';
import { isAllowlistEntry } from '../ip-allowlist.js';
import { merchantOf, type MerchantRecord, type State } from '../state.js';
import { requireMerchant, requireOption, type Action, type ActionContext } from './action.js';

function withAllowlist(context: ActionContext, allowlist: string | null): State {
  const merchantId = requireMerchant(context);
  const merchant = merchantOf(context.state, merchantId) as MerchantRecord;
  return { ...context.state, merchants: { ...context.state.merchants, [merchantId]: { ...merchant, allowlist } } };
}

/**
 * `allowlist.set`: one IPv4 address or CIDR range; it overwrites the previous value.
 * @see shared/providers.md §1.4 — "one value at a time, POST overwrites".
 */
export const setAllowlist: Action = (context) => {
  const field = requireOption(context, 'field');
  const value = (context.body as Record<string, unknown>)[field];
  if (typeof value !== 'string' || !isAllowlistEntry(value)) {
    throw new AuthproofError('invalid_request', `/${field} must be one IPv4 address or CIDR range`);
  }
  return { state: withAllowlist(context, value) };
};

/** `allowlist.get`: the current value, or null when every address is allowed. */
export const getAllowlist: Action = (context) => ({
  body: { [requireOption(context, 'field')]: merchantOf(context.state, requireMerchant(context))?.allowlist ?? null },
});

/**
 * `allowlist.clear`: every address is allowed again; the key stays valid.
 * @see shared/providers.md §1.4 — "Removing the whitelist does not invalidate the key".
 */
export const clearAllowlist: Action = (context) => ({ state: withAllowlist(context, null) });
