import { describe, expect, it } from 'vitest';
import { addMerchant, addUser } from './accounts.js';
import type { KeyFormat } from './api-key.js';
import { AuthproofError } from './errors.js';
import { activeKeyOf, authenticateKey, issueKey, revokeKey, touchKey } from './key-lifecycle.js';
import { hashSecret } from './secret-hash.js';
import { emptyState } from './state.js';

const FORMAT: KeyFormat = { prefix: 'k_', length: 16, alphabet: 'abcdef0123456789', displayPrefixLength: 5 };
const KEY_A = 'k_aaaaaaaaaaaaaaaa';
const KEY_B = 'k_bbbbbbbbbbbbbbbb';
const base = addMerchant(addUser(emptyState(), { id: 'u', email: 'u@example.com', passwordHash: 'x' }), { id: 'm', name: 'M', ownerId: 'u' });

const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as AuthproofError).code;
  }
  return 'none';
};

describe('key lifecycle (pure core)', () => {
  it('stores only the SHA-256 of a key and its display prefix', () => {
    const state = issueKey(base, 'm', KEY_A, FORMAT, 1_000);
    expect(JSON.stringify(state)).not.toContain(KEY_A);
    expect(state.keys[hashSecret(KEY_A)]).toEqual({ merchantId: 'm', prefix: 'k_aaa', createdAt: 1_000, lastUsedAt: null });
    expect(authenticateKey(state, KEY_A, FORMAT)).toEqual({ merchantId: 'm', keyHash: hashSecret(KEY_A) });
  });

  it('keeps one active key per merchant: a new key retires the previous one as replaced', () => {
    const state = issueKey(issueKey(base, 'm', KEY_A, FORMAT, 1_000), 'm', KEY_B, FORMAT, 2_000);
    expect(Object.keys(state.keys)).toEqual([hashSecret(KEY_B)]);
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT))).toBe('credential_replaced');
    expect(activeKeyOf(state, 'm').createdAt).toBe(2_000);
    expect(state.retiredKeys[hashSecret(KEY_A)]).toMatchObject({ reason: 'replaced', retiredAt: 2_000 });
  });

  it('revokes the active key, and has nothing to revoke or show afterwards', () => {
    const state = revokeKey(issueKey(base, 'm', KEY_A, FORMAT, 1_000), 'm', 5_000);
    expect(codeOf(() => authenticateKey(state, KEY_A, FORMAT))).toBe('credential_revoked');
    expect(codeOf(() => revokeKey(state, 'm', 6_000))).toBe('not_found');
    expect(codeOf(() => activeKeyOf(state, 'm'))).toBe('not_found');
  });

  it('tells malformed keys from unknown ones', () => {
    expect(codeOf(() => authenticateKey(base, 'k_short', FORMAT))).toBe('credential_malformed');
    expect(codeOf(() => authenticateKey(base, KEY_A, FORMAT))).toBe('credential_invalid');
  });

  it('records use without ever putting lastUsedAt before createdAt, and leaves the old state alone', () => {
    const issued = issueKey(base, 'm', KEY_A, FORMAT, 10_000);
    const used = touchKey(issued, hashSecret(KEY_A), 12_000);
    expect(used.keys[hashSecret(KEY_A)]!.lastUsedAt).toBe(12_000);
    expect(issued.keys[hashSecret(KEY_A)]!.lastUsedAt).toBeNull();
    expect(touchKey(used, hashSecret(KEY_A), 5_000).keys[hashSecret(KEY_A)]!.lastUsedAt).toBe(10_000);
  });
});
