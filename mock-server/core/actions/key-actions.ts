import { createApiKey } from '../api-key.js';
import { activeKeyOf, issueKey, revokeKey } from '../key-lifecycle.js';
import { iso, requireMerchant, type Action } from './action.js';

/**
 * `key.generate`: a new key replaces the merchant's current one; the full value is returned only here.
 * @see shared/seeds/000_76daade9c3345efb.txt — "If a key already exists, this replaces it."
 */
export const generateKey: Action = (context) => {
  if (!context.keyFormat) throw new Error('key.generate needs a scheme with x-authproof-key-format');
  const merchantId = requireMerchant(context);
  const key = createApiKey(context.keyFormat, context.random);
  return { state: issueKey(context.state, merchantId, key, context.keyFormat, context.now), body: { key } };
};

/**
 * `key.info`: metadata of the active key, never the key.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "without exposing the key value itself".
 */
export const keyInfo: Action = (context) => {
  const key = activeKeyOf(context.state, requireMerchant(context));
  return {
    body: {
      createdAt: iso(key.createdAt),
      lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
      prefix: key.prefix,
    },
  };
};

/**
 * `key.revoke`: the key gets 401 from now on; the response has no body.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "204 No Content with an empty response body."
 */
export const revokeActiveKey: Action = (context) => ({
  state: revokeKey(context.state, requireMerchant(context), context.now),
});
