import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';
import { createAjv } from '../profile/create-ajv.js';
import type { KeyFormat } from './api-key.js';
import { stateFromFixtures, type Fixtures } from './fixtures.js';
import { hashSecret } from './secret-hash.js';
import { findInconsistency } from './state.js';

const SCHEME = { name: 'apiKeyAuth', format: { prefix: 'k_', length: 4, alphabet: 'abcd', displayPrefixLength: 3 } satisfies KeyFormat };
const user = (id: string, email: string, merchants: Fixtures['users'][number]['merchants'] = []) => ({ id, email, password: 'p', merchants });

describe('fixtures', () => {
  it('the shipped fixtures follow fixtures/fixtures.schema.json (they are not checked at start)', async () => {
    const ajv = await createAjv();
    const validate = ajv.compile(JSON.parse(readFileSync(join(packageRoot, 'fixtures', 'fixtures.schema.json'), 'utf8')));
    for (const file of ['iterapay.json', 'certopay.json']) {
      expect(validate(JSON.parse(readFileSync(join(packageRoot, 'fixtures', file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('become a consistent state with hashed keys and resources, of merchants and of accounts', () => {
    const fixtures: Fixtures = {
      users: [
        {
          ...user('u1', 'a@example.com', [{ id: 'm1', name: 'M', apiKey: 'k_abab', allowlist: '10.0.0.0/8', resources: { invoices: [{ id: 'i1', createdAt: '2030-01-01T00:00:00Z', amount: '1' }] } }]),
          apiKey: { value: 'k_cdcd', label: 'Main key', active: false, rateLimit: 5 },
          resources: { orders: [{ id: 'o1', createdAt: '2030-01-02T00:00:00Z', amount: 2 }] },
        },
      ],
    };
    const state = stateFromFixtures(fixtures, ['hash-1'], [SCHEME], 7);
    expect(findInconsistency(state)).toBeNull();
    expect(state.users.u1!.passwordHash).toBe('hash-1');
    expect(state.keys[hashSecret('k_abab')]).toMatchObject({ scheme: 'apiKeyAuth', owner: { kind: 'merchant', id: 'm1' }, createdAt: 7, active: true });
    expect(state.keys[hashSecret('k_cdcd')]).toMatchObject({ owner: { kind: 'account', id: 'u1' }, label: 'Main key', active: false, rateLimit: 5 });
    // A fixture key's id is the same at every reset.
    expect(stateFromFixtures(fixtures, ['hash-1'], [SCHEME], 9).keys[hashSecret('k_cdcd')]!.id).toBe(state.keys[hashSecret('k_cdcd')]!.id);
    expect(state.merchants.m1!.allowlist).toBe('10.0.0.0/8');
    expect(state.resources.invoices!.m1).toEqual([{ id: 'i1', tenantId: 'm1', environment: null, createdAt: Date.parse('2030-01-01T00:00:00Z'), fields: { amount: '1' } }]);
    expect(state.resources.orders!.u1).toEqual([{ id: 'o1', tenantId: 'u1', environment: null, createdAt: Date.parse('2030-01-02T00:00:00Z'), fields: { amount: 2 } }]);
  });

  it('give each key to the scheme and environment whose format it has, and an account its status', () => {
    const secret = { name: 'secret', format: { prefix: 'sk_', environments: { TEST: 'sk_test_', LIVE: 'sk_live_' }, length: 4, alphabet: 'abcd', displayPrefixLength: 3 } satisfies KeyFormat };
    const pub = { name: 'public', format: { ...secret.format, prefix: 'pk_', environments: { TEST: 'pk_test_' } } };
    const fixtures: Fixtures = { users: [{ id: 'u1', email: 'a@example.com', password: 'p', status: 'suspended', apiKeys: ['sk_live_abcd', { value: 'pk_test_dcba', ipAddresses: ['10.0.0.1'] }] }] };
    const state = stateFromFixtures(fixtures, ['h'], [secret, pub], 0);
    expect(state.keys[hashSecret('sk_live_abcd')]).toMatchObject({ scheme: 'secret', environment: 'LIVE' });
    expect(state.keys[hashSecret('pk_test_dcba')]).toMatchObject({ scheme: 'public', environment: 'TEST', ipAddresses: ['10.0.0.1'] });
    expect(state.users.u1!.status).toBe('suspended');
  });

  it.each([
    [[user('u', 'a@example.com'), user('u', 'b@example.com')], /users\[1\]: User u already exists/],
    [[user('u1', 'a@example.com'), user('u2', 'A@example.com')], /users\[1\]: A user with email A@example.com already exists/],
    [[user('u1', 'a@example.com', [{ id: 'm', name: 'M' }]), user('u2', 'b@example.com', [{ id: 'm', name: 'M' }])], /users\[1\]: Merchant m already exists/],
    [[user('u', 'a@example.com', [{ id: 'm', name: 'M', apiKey: 'k_abc' }])], /an API key does not match the format of any of the profile's key schemes/],
    [[user('u', 'a@example.com', [{ id: 'm', name: 'M', allowlist: 'everyone' }])], /allowlist must be one IPv4 address or CIDR range/],
  ])('refuse inconsistent fixtures (%#)', (users, message) => {
    expect(() => stateFromFixtures({ users }, users.map(() => 'h'), [SCHEME], 0)).toThrow(message);
  });
});
