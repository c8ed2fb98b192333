import { createApiKey, maskedKey } from '../api-key.js';
import { activeKeyOf, issueKey, revokeKey } from '../key-lifecycle.js';
import { randomUuid } from '../random.js';
import type { KeyRecord } from '../state.js';
import { iso, requireTenant, type Action, type ActionContext } from './action.js';

function requireKeyScheme(context: ActionContext): NonNullable<ActionContext['keyScheme']> {
  if (!context.keyScheme) throw new Error('key actions need a scheme with x-authproof-credential: merchant-key');
  return context.keyScheme;
}

/**
 * A key's metadata, never its value: every field a profile may document (the operation's response schema
 * keeps the ones it names).
 * @see shared/seeds/001_e0188a01bb79ba53.txt — createdAt, lastUsedAt, prefix.
 * @see shared/seeds/002_4dfeb6e07fa301a5.txt — id, label, keyPrefix, maskedKey, active, rateLimit, lastUsedAt, createdAt.
 */
function metadata(scheme: NonNullable<ActionContext['keyScheme']>, key: KeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    label: key.label,
    prefix: key.prefix,
    keyPrefix: key.prefix,
    maskedKey: maskedKey(scheme.format, key.prefix),
    active: key.active,
    rateLimit: key.rateLimit ?? scheme.rateLimit,
    createdAt: iso(key.createdAt),
    lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
  };
}

/**
 * `key.generate`: a new key for the tenant — replacing its current one or added beside it, as the scheme's
 * `x-authproof-key-slot` says; the full value is returned only here, with the new key's metadata.
 * @see shared/seeds/000_76daade9c3345efb.txt — "If a key already exists, this replaces it."
 */
export const generateKey: Action = (context) => {
  const scheme = requireKeyScheme(context);
  const owner = requireTenant(context);
  const value = createApiKey(scheme.format, context.random);
  const state = issueKey(context.state, { value, id: randomUuid(context.random), scheme: scheme.name, owner }, scheme.format, scheme.generate, context.now);
  return { state, body: { ...metadata(scheme, activeKeyOf(state, owner, scheme.name)), key: value } };
};

/**
 * `key.info`: metadata of the tenant's active key, never the key.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "without exposing the key value itself".
 */
export const keyInfo: Action = (context) => {
  const scheme = requireKeyScheme(context);
  return { body: metadata(scheme, activeKeyOf(context.state, requireTenant(context), scheme.name)) };
};

/**
 * `key.revoke`: the key gets 401 from now on; the response has no body.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "204 No Content with an empty response body."
 */
export const revokeActiveKey: Action = (context) => ({
  state: revokeKey(context.state, requireTenant(context), requireKeyScheme(context).name, context.now),
});
