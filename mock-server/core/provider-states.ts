import type { ActionName } from './actions/index.js';

/** What a profile offers that provider states can be built from. */
export interface StateCapabilities {
  /** The `x-authproof-action` names of the profile's operations. */
  actions: ReadonlySet<ActionName>;
  /** The profile has a `jwt` scheme (Bearer tokens). */
  bearerTokens: boolean;
  /** The merchant-key scheme is rate limited and limiting is on. */
  keyRateLimit: boolean;
  /**
   * Whose the states' API key is, from the operation that generates it: a merchant's (its path names the
   * merchant) or the caller's own account's (`x-authproof-tenant: me`); null without `key.generate`.
   */
  keyOwner: 'merchant' | 'account' | null;
  /** A `merchant-key` scheme checks the merchant's allowlist (`x-authproof-ip-allowlist: merchant`). */
  merchantAllowlist: boolean;
}

/** The provider states every profile shares where it applies; the names consumers write in `given(…)`. */
export type ProviderStateName =
  | 'an account with a merchant'
  | 'another account with a merchant'
  | 'the merchant has an active API key'
  | 'the API key was replaced'
  | 'the API key was revoked'
  | 'the API key has used up its rate limit'
  | 'the merchant allows only IP {ip}'
  | 'another account has a record in {collection}'
  | 'the clock is at {time}'
  | 'the Bearer token has expired';

/** One entry of the catalogue: the name (with `{param}` placeholders), what it needs, what it returns. */
export interface ProviderStateDefinition {
  name: ProviderStateName;
  /** Placeholders of the name, also accepted as Pact `params`. */
  params: readonly string[];
  /** The values it adds for `fromProviderState` (besides those of the states it implies). */
  values: readonly string[];
  /** @returns null when the profile supports it, else why not. */
  unsupported(capabilities: StateCapabilities): string | null;
}

const needsActions =
  (...names: ActionName[]) =>
  (capabilities: StateCapabilities): string | null => {
    const missing = names.filter((name) => !capabilities.actions.has(name));
    return missing.length === 0 ? null : `the profile has no operation with x-authproof-action ${missing.join(', ')}`;
  };

/**
 * The provider-state library: the same names for every profile, each available where the profile has the
 * actions and schemes it is built from. Each state implies an account with a merchant (created if the
 * interaction has none yet), and returns every value of the interaction so far.
 * @see https://docs.pact.io/getting_started/provider_states
 */
export const providerStates: readonly ProviderStateDefinition[] = [
  {
    name: 'an account with a merchant',
    params: [],
    values: ['userId', 'email', 'password', 'merchantId', 'token'],
    unsupported: () => null,
  },
  {
    name: 'another account with a merchant',
    params: [],
    values: ['otherUserId', 'otherMerchantId', 'otherToken'],
    unsupported: () => null,
  },
  { name: 'another account has a record in {collection}', params: ['collection'], values: ['otherRecordId'], unsupported: needsActions('resource.create') },
  { name: 'the merchant has an active API key', params: [], values: ['apiKey'], unsupported: needsActions('key.generate') },
  { name: 'the API key was replaced', params: [], values: ['replacedApiKey', 'apiKey'], unsupported: needsActions('key.generate') },
  { name: 'the API key was revoked', params: [], values: ['revokedApiKey'], unsupported: needsActions('key.generate', 'key.revoke') },
  {
    name: 'the API key has used up its rate limit',
    params: [],
    values: ['apiKey'],
    unsupported: (capabilities) =>
      needsActions('key.generate')(capabilities) ?? (capabilities.keyRateLimit ? null : 'API keys have no rate limit here (none in the profile, or --rate-limit off)'),
  },
  {
    name: 'the merchant allows only IP {ip}',
    params: ['ip'],
    values: ['ip'],
    unsupported: (capabilities) =>
      capabilities.keyOwner === 'account'
        ? "the profile's API keys belong to the caller's account (x-authproof-tenant: me), not to a merchant: no merchant allowlist applies to them"
        : (needsActions('allowlist.set')(capabilities) ??
          (capabilities.merchantAllowlist ? null : 'no API-key scheme checks the merchant allowlist (x-authproof-ip-allowlist: merchant)')),
  },
  { name: 'the clock is at {time}', params: ['time'], values: ['now'], unsupported: () => null },
  {
    name: 'the Bearer token has expired',
    params: [],
    values: ['expiredToken'],
    unsupported: (capabilities) => (capabilities.bearerTokens ? null : 'the profile has no Bearer (jwt) scheme'),
  },
];

/** A provider state named in a pact, resolved against the catalogue. */
export interface MatchedProviderState {
  definition: ProviderStateDefinition;
  /** Every placeholder's value, from Pact `params` or else from the name itself. */
  params: Record<string, string>;
}

function templatePattern(definition: ProviderStateDefinition): RegExp {
  const escaped = definition.name.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{(\w+)\}/g, '(?<$1>.+)')}$`);
}

/**
 * Finds the catalogue entry a state name refers to: `the clock is at {time}` with `params.time`, or the
 * name with the value written in (`the clock is at 2030-01-01T00:00:00Z`, as V2 pacts without params do).
 * @returns null when no entry matches, or a placeholder has no string value.
 */
export function matchProviderState(name: string, params: Readonly<Record<string, unknown>> = {}): MatchedProviderState | null {
  for (const definition of providerStates) {
    const match = templatePattern(definition).exec(name);
    if (!match) continue;
    const groups = match.groups ?? {};
    const values: Record<string, string> = {};
    for (const param of definition.params) {
      const given = params[param];
      const fromName = groups[param];
      const value = typeof given === 'string' || typeof given === 'number' ? String(given) : fromName === `{${param}}` ? undefined : fromName;
      if (value === undefined) return null;
      values[param] = value;
    }
    return { definition, params: values };
  }
  return null;
}
