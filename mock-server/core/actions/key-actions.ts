import { createApiKey, issuingEnvironment, maskedKey } from '../api-key.js';
import { activeKeyOf, issueKey, revokeKey, type KeySlot } from '../key-lifecycle.js';
import { randomUuid } from '../random.js';
import type { KeyRecord, State } from '../state.js';
import { iso, requireTenant, type Action, type ActionContext, type KeySchemeContext } from './action.js';

/** The slot of each scheme the action acts on, for the tenant and environment of the request. */
function slotsOf(context: ActionContext): Array<{ scheme: KeySchemeContext; slot: KeySlot }> {
  if (context.keySchemes.length === 0) throw new Error('key actions need a scheme with x-authproof-credential: merchant-key');
  const owner = requireTenant(context);
  return context.keySchemes.map((scheme) => {
    const environment = issuingEnvironment(scheme.format, scheme.name, scheme.format.environments === undefined ? null : context.environment);
    return { scheme, slot: { owner, scheme: scheme.name, environment } };
  });
}

/**
 * One answer per scheme: the scheme's alone when the action acts on one, else an object keyed by scheme
 * name (a pair of secret and public keys).
 */
function perScheme<T>(entries: ReadonlyArray<{ scheme: KeySchemeContext }>, body: (index: number) => T): T | Record<string, T> {
  if (entries.length === 1) return body(0);
  return Object.fromEntries(entries.map(({ scheme }, index) => [scheme.name, body(index)]));
}

/**
 * A key's metadata, never its value: every field a profile may document (the operation's response schema
 * keeps the ones it names).
 * @see shared/seeds/001_e0188a01bb79ba53.txt — createdAt, lastUsedAt, prefix.
 * @see shared/seeds/002_4dfeb6e07fa301a5.txt — id, label, keyPrefix, maskedKey, active, rateLimit, lastUsedAt, createdAt.
 * @see shared/providers.md §3.2 — name, permissions, ip_addresses, enabled, last_used_at.
 */
function metadata(scheme: KeySchemeContext, key: KeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    scheme: key.scheme,
    environment: key.environment,
    label: key.label,
    name: key.label,
    prefix: key.prefix,
    keyPrefix: key.prefix,
    maskedKey: maskedKey(scheme.format, key.prefix),
    active: key.active,
    enabled: key.active,
    rateLimit: key.rateLimit ?? scheme.rateLimit,
    permissions: key.permissions,
    ipAddresses: key.ipAddresses,
    createdAt: iso(key.createdAt),
    lastUsedAt: key.lastUsedAt === null ? null : iso(key.lastUsedAt),
  };
}

/**
 * `key.generate`: a new key in each slot the action acts on — replacing the keys there or added beside
 * them, as each scheme's `x-authproof-key-slot` says (a secret and a public key of one environment are
 * replaced together); the full value is returned only here, with the new key's metadata.
 * @see shared/seeds/000_76daade9c3345efb.txt — "If a key already exists, this replaces it."
 * @see shared/seeds/004_4c7136efad9427a9.txt, providers.md §4.1 — a new pair invalidates the previous pair for that environment.
 */
export const generateKey: Action = (context) => {
  const slots = slotsOf(context);
  let state: State = context.state;
  const values = slots.map(({ scheme, slot }) => {
    const value = createApiKey(scheme.format, context.random, slot.environment);
    state = issueKey(state, { value, id: randomUuid(context.random), scheme: scheme.name, owner: slot.owner }, scheme.format, scheme.generate, context.now);
    return value;
  });
  return { state, body: perScheme(slots, (index) => ({ ...metadata(slots[index]!.scheme, activeKeyOf(state, slots[index]!.slot)), key: values[index] })) };
};

/**
 * `key.info`: metadata of the newest key in each slot, never the key.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "without exposing the key value itself".
 */
export const keyInfo: Action = (context) => {
  const slots = slotsOf(context);
  return { body: perScheme(slots, (index) => metadata(slots[index]!.scheme, activeKeyOf(context.state, slots[index]!.slot))) };
};

/**
 * `key.revoke`: the keys in every slot the action acts on get 401 from now on; the response has no body.
 * @see shared/seeds/001_e0188a01bb79ba53.txt — "204 No Content with an empty response body."
 */
export const revokeActiveKey: Action = (context) => ({
  state: slotsOf(context).reduce((state, { slot }) => revokeKey(state, slot, context.now), context.state),
});
