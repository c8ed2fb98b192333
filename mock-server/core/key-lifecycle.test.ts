import { describe, expect, it } from 'vitest';
import { addMerchant, addUser } from './accounts.js';
import type { KeyFormat } from './api-key.js';
import { AuthproofError } from './errors.js';
import { activeKeyOf, authenticateKey, issueKey, keysOf, revokeKey, touchKey, type NewKey } from './key-lifecycle.js';
import { hashSecret } from './secret-hash.js';
import { emptyState, type Tenant } from './state.js';

const FORMAT: KeyFormat = { prefix: 'k_', length: 16, alphabet: 'abcdef0123456789', displayPrefixLength: 5 };
const KEY_A = 'k_aaaaaaaaaaaaaaaa';
const KEY_B = 'k_bbbbbbbbbbbbbbbb';
const MERCHANT: Tenant = { kind: 'merchant', id: 'm' };
const ACCOUNT: Tenant = { kind: 'account', id: 'u' };
const base = addMerchant(addUser(emptyState(), { id: 'u', email: 'u@example.com', passwordHash: 'x' }), { id: 'm', name: 'M', ownerId: 'u' });
const key = (value: string, owner: Tenant = MERCHANT): NewKey => ({ value, id: `id-${value.at(-1)}`, scheme: 'apiKeyAuth', owner });

const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as AuthproofError).code;
  }
  return 'none';
};

describe('key lifecycle (pure core)', () => {
  it('stores only the SHA-256 of a key and its record', () => {
    const state = issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000);
    expect(JSON.stringify(state)).not.toContain(KEY_A);
    const record = { id: 'id-a', scheme: 'apiKeyAuth', owner: MERCHANT, prefix: 'k_aaa', label: null, active: true, rateLimit: null, permissions: null, createdAt: 1_000, lastUsedAt: null };
    expect(state.keys[hashSecret(KEY_A)]).toEqual(record);
    expect(authenticateKey(state, KEY_A, FORMAT, 'apiKeyAuth')).toEqual({ keyHash: hashSecret(KEY_A), key: record });
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT, 'otherScheme'))).toBe('credential_invalid');
  });

  it("with the replace policy keeps one active key per tenant: a new key retires the previous one as replaced", () => {
    const state = issueKey(issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000), key(KEY_B), FORMAT, 'replace', 2_000);
    expect(Object.keys(state.keys)).toEqual([hashSecret(KEY_B)]);
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_replaced');
    expect(activeKeyOf(state, MERCHANT, 'apiKeyAuth').createdAt).toBe(2_000);
    expect(state.retiredKeys[hashSecret(KEY_A)]).toMatchObject({ owner: MERCHANT, reason: 'replaced', retiredAt: 2_000 });
  });

  it('with the add policy keeps every key working, and a slot is per tenant', () => {
    const added = issueKey(issueKey(base, key(KEY_A), FORMAT, 'add', 1_000), key(KEY_B), FORMAT, 'add', 2_000);
    expect(keysOf(added, MERCHANT, 'apiKeyAuth').map(([hash]) => hash)).toEqual([hashSecret(KEY_A), hashSecret(KEY_B)]);
    expect(authenticateKey(added, KEY_A, FORMAT, 'apiKeyAuth').key.owner).toEqual(MERCHANT);
    const apart = issueKey(issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000), key(KEY_B, ACCOUNT), FORMAT, 'replace', 2_000);
    expect(authenticateKey(apart, KEY_A, FORMAT, 'apiKeyAuth').key.owner).toEqual(MERCHANT);
    expect(authenticateKey(apart, KEY_B, FORMAT, 'apiKeyAuth').key.owner).toEqual(ACCOUNT);
  });

  it('revokes the active key, and has nothing to revoke or show afterwards', () => {
    const state = revokeKey(issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000), MERCHANT, 'apiKeyAuth', 5_000);
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_revoked');
    expect(codeOf(() => revokeKey(state, MERCHANT, 'apiKeyAuth', 6_000))).toBe('not_found');
    expect(codeOf(() => activeKeyOf(state, MERCHANT, 'apiKeyAuth'))).toBe('not_found');
    expect(codeOf(() => issueKey(base, key(KEY_A, { kind: 'account', id: 'nobody' }), FORMAT, 'replace', 1))).toBe('not_found');
  });

  it('tells malformed keys from unknown ones, and refuses an inactive key like an unknown one', () => {
    expect(codeOf(() => authenticateKey(base, 'k_short', FORMAT, 'apiKeyAuth'))).toBe('credential_malformed');
    expect(codeOf(() => authenticateKey(base, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_invalid');
    const issued = issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000);
    const inactive = { ...issued, keys: { [hashSecret(KEY_A)]: { ...issued.keys[hashSecret(KEY_A)]!, active: false } } };
    expect(codeOf(() => authenticateKey(inactive, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_invalid');
  });

  it('records use without ever putting lastUsedAt before createdAt, and leaves the old state alone', () => {
    const issued = issueKey(base, key(KEY_A), FORMAT, 'replace', 10_000);
    const used = touchKey(issued, hashSecret(KEY_A), 12_000);
    expect(used.keys[hashSecret(KEY_A)]!.lastUsedAt).toBe(12_000);
    expect(issued.keys[hashSecret(KEY_A)]!.lastUsedAt).toBeNull();
    expect(touchKey(used, hashSecret(KEY_A), 5_000).keys[hashSecret(KEY_A)]!.lastUsedAt).toBe(10_000);
  });
});
