import { describe, expect, it } from 'vitest';
import { matchProviderState, providerStates, type StateCapabilities } from './provider-states.js';

describe('provider-state catalogue', () => {
  it('matches a name exactly, with params, or with the value written into the name', () => {
    expect(matchProviderState('the API key was revoked')?.definition.name).toBe('the API key was revoked');
    expect(matchProviderState('the merchant allows only IP {ip}', { ip: '203.0.113.7' })?.params).toEqual({ ip: '203.0.113.7' });
    expect(matchProviderState('the merchant allows only IP 198.51.100.0/24')?.params).toEqual({ ip: '198.51.100.0/24' });
    expect(matchProviderState('the clock is at 2030-01-01T00:00:00Z', { time: '2031-01-01T00:00:00Z' })?.params).toEqual({ time: '2031-01-01T00:00:00Z' });
  });

  it('rejects unknown names and placeholders without a value', () => {
    expect(matchProviderState('a merchant with a key')).toBeNull();
    expect(matchProviderState('the API key was revoked ')).toBeNull();
    expect(matchProviderState('the clock is at {time}')).toBeNull();
    expect(matchProviderState('the clock is at {time}', { time: { at: 1 } })).toBeNull();
  });

  it('offers each state only where the profile has what it is built from', () => {
    const none: StateCapabilities = { actions: new Set(), bearerTokens: false, keyRateLimit: false, keyOwner: null, merchantAllowlist: false };
    const unsupported = Object.fromEntries(providerStates.map((state) => [state.name, state.unsupported(none)]));
    expect(unsupported['an account with a merchant']).toBeNull();
    expect(unsupported['the clock is at {time}']).toBeNull();
    expect(unsupported['the API key was revoked']).toBe('the profile has no operation with x-authproof-action key.generate, key.revoke');
    expect(unsupported['the merchant allows only IP {ip}']).toMatch(/allowlist\.set/);
    expect(unsupported['the Bearer token has expired']).toMatch(/no Bearer \(jwt\) scheme/);
    expect(unsupported['another account has a record in {collection}']).toMatch(/resource\.create/);
    const keysOnly: StateCapabilities = { ...none, actions: new Set(['key.generate']), bearerTokens: true, keyOwner: 'merchant' };
    expect(providerStates.find((state) => state.name === 'the API key has used up its rate limit')!.unsupported(keysOnly)).toMatch(/no rate limit/);
  });

  it('offers the merchant allowlist only where it governs the API key', () => {
    const allowlist = providerStates.find((state) => state.name === 'the merchant allows only IP {ip}')!;
    const merchantKeys: StateCapabilities = { actions: new Set(['key.generate', 'allowlist.set']), bearerTokens: true, keyRateLimit: true, keyOwner: 'merchant', merchantAllowlist: true };
    expect(allowlist.unsupported(merchantKeys)).toBeNull();
    expect(allowlist.unsupported({ ...merchantKeys, merchantAllowlist: false })).toMatch(/no API-key scheme checks the merchant allowlist/);
    expect(allowlist.unsupported({ ...merchantKeys, keyOwner: 'account' })).toMatch(/belong to the caller's account \(x-authproof-tenant: me\)/);
    expect(allowlist.unsupported({ ...merchantKeys, actions: new Set(['key.generate']), keyOwner: 'account' })).toMatch(/belong to the caller's account/);
  });

  it('matches a collection written into the name', () => {
    expect(matchProviderState('another account has a record in orders')?.params).toEqual({ collection: 'orders' });
  });
});
