import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { RandomSource } from './random.js';

const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a password with scrypt (RFC 7914, Node's default cost) and a salt from the injected source.
 * @returns `scrypt$N$r$p$salt$hash`, salt and hash base64url-encoded.
 */
export async function hashPassword(password: string, random: RandomSource): Promise<string> {
  const salt = Buffer.from(random(16));
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; compares in constant time, false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * 1024 * 1024 };
  if (![options.N, options.r, options.p].every(Number.isSafeInteger)) return false;
  try {
    const actual = await derive(password, Buffer.from(salt, 'base64url'), options);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
