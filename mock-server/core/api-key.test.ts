import { describe, expect, it } from 'vitest';
import { createApiKey, displayPrefix, isWellFormedKey, type KeyFormat } from './api-key.js';
import { randomFromAlphabet, randomUuid } from './random.js';

const ITERAPAY: KeyFormat = { prefix: 'iterapay_live_', length: 32, alphabet: 'abcdefghijklmnopqrstuvwxyz0123456789', displayPrefixLength: 17 };

/** A deterministic byte source cycling through 0..255. */
const cycling = (): ((size: number) => Uint8Array) => {
  let next = 0;
  return (size) => Uint8Array.from({ length: size }, () => next++ % 256);
};

describe('API keys', () => {
  it('have the prefix, the length and the alphabet of the format', () => {
    const key = createApiKey(ITERAPAY, cycling());
    expect(key).toMatch(/^iterapay_live_[a-z0-9]{32}$/);
    expect(isWellFormedKey(ITERAPAY, key)).toBe(true);
    expect(displayPrefix(ITERAPAY, key)).toBe(key.slice(0, 17));
    for (const bad of ['', 'iterapay_live_', `iterapay_test_${'a'.repeat(32)}`, `iterapay_live_${'a'.repeat(33)}`, `iterapay_live_${'a'.repeat(31)}!`]) {
      expect(isWellFormedKey(ITERAPAY, bad), bad).toBe(false);
    }
  });

  it('draw every character with equal probability (rejection sampling, no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (const char of randomFromAlphabet(cycling(), ITERAPAY.alphabet, 36 * 7 * 100)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(36);
    expect(new Set(counts.values())).toEqual(new Set([700]));
  });

  it('escape the format in the pattern that checks them', () => {
    const odd: KeyFormat = { prefix: 'a.b+', length: 2, alphabet: '-]\\', displayPrefixLength: 3 };
    expect(isWellFormedKey(odd, 'a.b+-]')).toBe(true);
    expect(isWellFormedKey(odd, 'axb+-]')).toBe(false);
  });

  it('makes RFC 9562 version 4 UUIDs', () => {
    expect(randomUuid(cycling())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
