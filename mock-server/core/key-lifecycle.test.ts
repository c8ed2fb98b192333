import { describe, expect, it } from 'vitest';
import { addMerchant, addUser } from './accounts.js';
import type { KeyFormat } from './api-key.js';
import { AuthproofError } from './errors.js';
import { activeKeyOf, authenticateKey, changeKey, issueKey, keysOf, revokeKey, touchKey, type KeySlot, type NewKey } from './key-lifecycle.js';
import { hashSecret } from './secret-hash.js';
import { emptyState, type Tenant } from './state.js';

const FORMAT: KeyFormat = { prefix: 'k_', length: 16, alphabet: 'abcdef0123456789', displayPrefixLength: 5 };
const KEY_A = 'k_aaaaaaaaaaaaaaaa';
const KEY_B = 'k_bbbbbbbbbbbbbbbb';
const MERCHANT: Tenant = { kind: 'merchant', id: 'm' };
const ACCOUNT: Tenant = { kind: 'account', id: 'u' };
const base = addMerchant(addUser(emptyState(), { id: 'u', email: 'u@example.com', passwordHash: 'x' }), { id: 'm', name: 'M', ownerId: 'u' });
const key = (value: string, owner: Tenant = MERCHANT, scheme = 'apiKeyAuth'): NewKey => ({ value, id: `id-${value.at(-1)}`, scheme, owner });
const slot = (owner: Tenant, environment: string | null = null, scheme = 'apiKeyAuth'): KeySlot => ({ owner, scheme, environment });

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
    const record = { id: 'id-a', scheme: 'apiKeyAuth', owner: MERCHANT, prefix: 'k_aaa', environment: null, label: null, active: true, rateLimit: null, permissions: null, ipAddresses: null, createdAt: 1_000, lastUsedAt: null };
    expect(state.keys[hashSecret(KEY_A)]).toEqual(record);
    expect(authenticateKey(state, KEY_A, FORMAT, 'apiKeyAuth')).toEqual({ keyHash: hashSecret(KEY_A), key: record });
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT, 'otherScheme'))).toBe('credential_invalid');
  });

  it("with the replace policy keeps one active key per tenant: a new key retires the previous one as replaced", () => {
    const state = issueKey(issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000), key(KEY_B), FORMAT, 'replace', 2_000);
    expect(Object.keys(state.keys)).toEqual([hashSecret(KEY_B)]);
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_replaced');
    expect(activeKeyOf(state, slot(MERCHANT)).createdAt).toBe(2_000);
    expect(state.retiredKeys[hashSecret(KEY_A)]).toMatchObject({ owner: MERCHANT, reason: 'replaced', retiredAt: 2_000 });
  });

  it('with the add policy keeps every key working, and a slot is per tenant', () => {
    const added = issueKey(issueKey(base, key(KEY_A), FORMAT, 'add', 1_000), key(KEY_B), FORMAT, 'add', 2_000);
    expect(keysOf(added, slot(MERCHANT)).map(([hash]) => hash)).toEqual([hashSecret(KEY_A), hashSecret(KEY_B)]);
    expect(authenticateKey(added, KEY_A, FORMAT, 'apiKeyAuth').key.owner).toEqual(MERCHANT);
    const apart = issueKey(issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000), key(KEY_B, ACCOUNT), FORMAT, 'replace', 2_000);
    expect(authenticateKey(apart, KEY_A, FORMAT, 'apiKeyAuth').key.owner).toEqual(MERCHANT);
    expect(authenticateKey(apart, KEY_B, FORMAT, 'apiKeyAuth').key.owner).toEqual(ACCOUNT);
  });

  it('revokes the active key, and has nothing to revoke or show afterwards', () => {
    const state = revokeKey(issueKey(base, key(KEY_A), FORMAT, 'replace', 1_000), slot(MERCHANT), 5_000);
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_revoked');
    expect(codeOf(() => revokeKey(state, slot(MERCHANT), 6_000))).toBe('not_found');
    expect(codeOf(() => activeKeyOf(state, slot(MERCHANT)))).toBe('not_found');
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
    const hash = hashSecret(KEY_A);
    const used = touchKey(issued, hash, issued.keys[hash]!, 12_000);
    expect(used.keys[hash]!.lastUsedAt).toBe(12_000);
    expect(issued.keys[hash]!.lastUsedAt).toBeNull();
    expect(touchKey(used, hash, used.keys[hash]!, 5_000).keys[hash]!.lastUsedAt).toBe(10_000);
    // A use the caller's record already shows changes nothing; one it does not is recorded in the state's record.
    expect(touchKey(used, hash, used.keys[hash]!, 12_000)).toBe(used);
    expect(touchKey(used, hash, issued.keys[hash]!, 13_000).keys[hash]!.lastUsedAt).toBe(13_000);
  });

  it('in a format with environments, a slot is per environment: a new pair replaces that environment\'s pair only', () => {
    const ENV_FORMAT: KeyFormat = { ...FORMAT, prefix: 'sk_', environments: { TEST: 'sk_test_', LIVE: 'sk_live_' } };
    const PUBLIC_FORMAT: KeyFormat = { ...FORMAT, prefix: 'pk_', environments: { TEST: 'pk_test_', LIVE: 'pk_live_' } };
    const [secretTest, secretLive, publicTest, secretTest2] = ['sk_test_aaaaaaaaaaaaaaaa', 'sk_live_aaaaaaaaaaaaaaaa', 'pk_test_aaaaaaaaaaaaaaaa', 'sk_test_bbbbbbbbbbbbbbbb'];
    let state = issueKey(base, key(secretTest, ACCOUNT, 'secret'), ENV_FORMAT, 'replace', 1);
    state = issueKey(state, key(secretLive, ACCOUNT, 'secret'), ENV_FORMAT, 'replace', 2);
    state = issueKey(state, key(publicTest, ACCOUNT, 'public'), PUBLIC_FORMAT, 'replace', 3);
    expect(authenticateKey(state, secretLive, ENV_FORMAT, 'secret').key.environment).toBe('LIVE');
    state = issueKey(state, key(secretTest2, ACCOUNT, 'secret'), ENV_FORMAT, 'replace', 4);
    expect(codeOf(() => authenticateKey(state, secretTest, ENV_FORMAT, 'secret'))).toBe('credential_replaced');
    expect(authenticateKey(state, secretLive, ENV_FORMAT, 'secret').key.environment).toBe('LIVE');
    expect(authenticateKey(state, publicTest, PUBLIC_FORMAT, 'public').key.environment).toBe('TEST');
    expect(activeKeyOf(state, slot(ACCOUNT, 'TEST', 'secret')).createdAt).toBe(4);
    expect(codeOf(() => activeKeyOf(state, slot(ACCOUNT, 'LIVE', 'public')))).toBe('not_found');
    expect(codeOf(() => authenticateKey(state, 'sk_prod_aaaaaaaaaaaaaaaa', ENV_FORMAT, 'secret'))).toBe('credential_malformed');
  });

  it('changes an issued key\'s settings (disable, permissions, addresses) and nothing else', () => {
    const issued = issueKey(base, key(KEY_A), FORMAT, 'add', 1_000);
    const disabled = changeKey(issued, 'id-a', { active: false, permissions: ['users.view'], ipAddresses: ['10.0.0.1'] });
    expect(disabled.keys[hashSecret(KEY_A)]).toEqual({ ...issued.keys[hashSecret(KEY_A)], active: false, permissions: ['users.view'], ipAddresses: ['10.0.0.1'] });
    expect(codeOf(() => authenticateKey(disabled, KEY_A, FORMAT, 'apiKeyAuth'))).toBe('credential_invalid');
    expect(codeOf(() => changeKey(issued, 'nope', { active: false }))).toBe('not_found');
  });
});
