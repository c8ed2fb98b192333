import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  it('are stored as salted scrypt hashes and verified', async () => {
    const [first, second] = await Promise.all([hashPassword('alice-password', randomBytes), hashPassword('alice-password', randomBytes)]);
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('alice-password');
    expect(await verifyPassword('alice-password', first)).toBe(true);
    expect(await verifyPassword('alice-passwore', first)).toBe(false);
  });

  it('reject anything against a malformed hash', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$AA$AA', 'bcrypt$10$abc']) expect(await verifyPassword('x', stored), stored).toBe(false);
  });
});
