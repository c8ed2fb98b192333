import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createControlledClock } from './clock.js';
import type { AuthproofError } from './errors.js';
import { randomBytes } from 'node:crypto';
import type { SigningKey } from './state.js';
import { createSigningKey, createTokenService, type TokenService } from './tokens.js';

const POLICY = { algorithm: 'ES256', issuer: 'authproof:test', lifetimeSeconds: 3600 };

describe('token service (jose, injected clock)', () => {
  const clock = createControlledClock({ source: () => 0, start: Date.parse('2030-01-01T00:00:00Z'), frozen: true });
  let slot: SigningKey | null = null;
  let tokens: TokenService;
  beforeAll(() => {
    tokens = createTokenService({ clock, policy: POLICY, random: randomBytes, signingKey: { get: () => slot, set: (key) => (slot = key) } });
  });
  const reason = async (token: string) => (tokens.verify(token).then(() => 'valid', (error: AuthproofError) => error.code));

  it('creates its signing key on first use, issues with the clock, and verifies', async () => {
    const issued = await tokens.issue('user-1');
    expect(slot?.kid).toEqual(expect.any(String));
    expect(issued.expiresAt).toBe(Date.parse('2030-01-01T01:00:00Z'));
    expect(await tokens.verify(issued.token)).toBe('user-1');
    expect((await tokens.jwks()).keys).toEqual([expect.not.objectContaining({ d: expect.anything() })]);
  });

  it('expires by the injected clock, not by the system clock', async () => {
    const issued = await tokens.issue('user-1', { expiresInSeconds: 60 });
    clock.advance(59_000);
    expect(await reason(issued.token)).toBe('valid');
    clock.advance(1_000);
    expect(await reason(issued.token)).toBe('credential_expired');
  });

  it('honours nbf', async () => {
    const issued = await tokens.issue('user-1', { notBeforeSeconds: 30 });
    expect(await reason(issued.token)).toBe('credential_not_yet_valid');
    clock.advance(30_000);
    expect(await reason(issued.token)).toBe('valid');
  });

  it('pins the algorithm and the issuer, and needs sub, exp and iat', async () => {
    const key = await importJWK(slot!.privateJwk as JWK, 'ES256');
    const now = Math.floor(clock.now() / 1000);
    const sign = (claims: object, alg = 'ES256', signingKey: Parameters<SignJWT['sign']>[0] = key) =>
      new SignJWT({ ...claims }).setProtectedHeader({ alg, kid: slot!.kid }).sign(signingKey);
    expect(await reason(await sign({ sub: 'u', iat: now, exp: now + 60, iss: 'authproof:test' }))).toBe('valid');
    expect(await reason(await sign({ sub: 'u', iat: now, exp: now + 60, iss: 'elsewhere' }))).toBe('credential_invalid');
    expect(await reason(await sign({ iat: now, exp: now + 60, iss: 'authproof:test' }))).toBe('credential_invalid');
    expect(await reason(await sign({ sub: 'u', iat: now, iss: 'authproof:test' }))).toBe('credential_invalid');
    const es384 = (await generateKeyPair('ES384')).privateKey;
    expect(await reason(await sign({ sub: 'u', iat: now, exp: now + 60, iss: 'authproof:test' }, 'ES384', es384))).toBe('credential_invalid');
    expect(await reason('a.b.c')).toBe('credential_malformed');
  });

  it('publishes only the public members of the signing key, whatever its type', async () => {
    for (const algorithm of ['ES256', 'RS256', 'EdDSA']) {
      let key: SigningKey | null = null;
      const service = createTokenService({ clock, policy: { ...POLICY, algorithm }, random: randomBytes, signingKey: { get: () => key, set: (next) => (key = next) } });
      const issued = await service.issue('user-1');
      const [published] = (await service.jwks()).keys;
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(published, algorithm).not.toHaveProperty(secret);
      expect(await service.verify(issued.token)).toBe('user-1');
    }
  });

  it('creates keys identified by their RFC 7638 thumbprint', async () => {
    const key = await createSigningKey('ES256');
    expect(key).toMatchObject({ alg: 'ES256', kid: expect.stringMatching(/^[\w-]{43}$/), privateJwk: { kty: 'EC', crv: 'P-256', d: expect.any(String) } });
  });
});
