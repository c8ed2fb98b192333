import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from './core/password.js';
import { defaultFixtures, preparedDefaultFixtures } from './load-fixtures.js';
import { packageRoot } from './package-root.js';
import { cachedPasswordHashes } from './profile/spec-cache.js';

/** A random source that fails the test if anything is hashed now. */
const noHashingNow = (): Uint8Array => {
  throw new Error('hashed at start-up although the build cached the hashes');
};

describe('the shipped fixtures, prepared', () => {
  it.each(['iterapay', 'certopay'])('%s: come with the hashes the build cached, which verify the fixture passwords', async (profile) => {
    const { fixtures, passwordHashes } = preparedDefaultFixtures(profile, noHashingNow);
    expect(fixtures).toEqual(defaultFixtures(profile));
    const hashes = await passwordHashes;
    expect(hashes).toHaveLength(fixtures.users.length);
    for (const [index, user] of fixtures.users.entries()) {
      expect(hashes[index]).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(await verifyPassword(user.password, hashes[index]!)).toBe(true);
      expect(await verifyPassword(`${user.password}x`, hashes[index]!)).toBe(false);
    }
  });

  it('are hashed at start-up when the cache was made from other fixtures text', () => {
    const text = readFileSync(join(packageRoot, 'fixtures', 'iterapay.json'), 'utf8');
    expect(cachedPasswordHashes('iterapay', text)).toBeDefined();
    expect(cachedPasswordHashes('iterapay', `${text} `)).toBeUndefined();
    expect(cachedPasswordHashes('no-such-profile', text)).toBeUndefined();
  });
});
