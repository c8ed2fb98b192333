import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createControlledClock } from './clock.js';
import type { AuthproofError } from './errors.js';
import { randomBytes } from 'node:crypto';
import type { SigningKey } from './state.js';
import { createSigningKey, createTokenService, type TokenService } from './tokens.js';
import { P256_ORDER, signatureParts, signLowS } from '../test/sign-low-s.js';

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
    expect(await tokens.verify(issued.token)).toEqual({ subject: 'user-1', scopes: null });
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
    const sign = (claims: object, alg = 'ES256', signingKey: Parameters<SignJWT['sign']>[0] = key) => {
      const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg, kid: slot!.kid });
      return alg === 'ES256' ? signLowS(jwt, signingKey) : jwt.sign(signingKey);
    };
    expect(await reason(await sign({ sub: 'u', iat: now, exp: now + 60, iss: 'authproof:test' }))).toBe('valid');
    expect(await reason(await sign({ sub: 'u', iat: now, exp: now + 60, iss: 'elsewhere' }))).toBe('credential_invalid');
    expect(await reason(await sign({ iat: now, exp: now + 60, iss: 'authproof:test' }))).toBe('credential_invalid');
    expect(await reason(await sign({ sub: 'u', iat: now, iss: 'authproof:test' }))).toBe('credential_invalid');
    const es384 = (await generateKeyPair('ES384')).privateKey;
    expect(await reason(await sign({ sub: 'u', iat: now, exp: now + 60, iss: 'authproof:test' }, 'ES384', es384))).toBe('credential_invalid');
    expect(await reason('a.b.c')).toBe('credential_malformed');
  });

  it('caps a token at the profile lifetime and refuses an iat in the future; longer lifetimes only as minted', async () => {
    const key = await importJWK(slot!.privateJwk as JWK, 'ES256');
    const now = Math.floor(clock.now() / 1000);
    const sign = (claims: object) => signLowS(new SignJWT({ sub: 'u', iss: 'authproof:test', ...claims }).setProtectedHeader({ alg: 'ES256', kid: slot!.kid }), key);
    expect(await reason(await sign({ iat: now, exp: now + 3600 }))).toBe('valid');
    expect(await reason(await sign({ iat: now, exp: 253_402_300_799 }))).toBe('credential_invalid');
    expect(await reason(await sign({ iat: now - 7200, exp: now + 60 }))).toBe('credential_invalid');
    expect(await reason(await sign({ iat: now + 60, exp: now + 120 }))).toBe('credential_invalid');
    // The admin API mints longer-lived tokens on purpose; the service remembers which.
    const minted = await tokens.issue('user-1', { expiresInSeconds: 10 * 365 * 86_400 });
    expect(await reason(minted.token)).toBe('valid');
  });

  it('signs with a low S and rejects a high-S ECDSA signature (the malleable twin of a valid one)', async () => {
    for (let round = 0; round < 16; round += 1) {
      const { token } = await tokens.issue('user-1');
      const { input, r, s } = signatureParts(token);
      expect(s <= P256_ORDER / 2n).toBe(true);
      expect(await reason(token)).toBe('valid');
      const twin = Buffer.concat([r, Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex')]).toString('base64url');
      expect(await reason(`${input}.${twin}`)).toBe('credential_invalid');
    }
  });

  it('checks aud when the policy names an audience', async () => {
    let key: SigningKey | null = null;
    const service = createTokenService({ clock, policy: { ...POLICY, audience: 'https://api.example' }, random: randomBytes, signingKey: { get: () => key, set: (next) => (key = next) } });
    const issued = await service.issue('user-1');
    expect(await service.verify(issued.token)).toEqual({ subject: 'user-1', scopes: null });
    const privateKey = await importJWK(key!.privateJwk as JWK, 'ES256');
    const now = Math.floor(clock.now() / 1000);
    const sign = (claims: object) => signLowS(new SignJWT({ sub: 'u', iss: 'authproof:test', iat: now, exp: now + 60, ...claims }).setProtectedHeader({ alg: 'ES256' }), privateKey);
    const code = (token: string) => service.verify(token).then(() => 'valid', (error: AuthproofError) => error.code);
    expect(await code(await sign({}))).toBe('credential_invalid');
    expect(await code(await sign({ aud: 'https://elsewhere.example' }))).toBe('credential_invalid');
    expect(await code(await sign({ aud: 'https://api.example' }))).toBe('valid');
  });

  it('carries the scopes it is issued with in the policy\'s claim, and reads them back (array or space-separated)', async () => {
    let key: SigningKey | null = null;
    const service = createTokenService({ clock, policy: { ...POLICY, scopes: { claim: 'scopes', granted: ['profile'] } }, random: randomBytes, signingKey: { get: () => key, set: (next) => (key = next) } });
    expect(await service.verify((await service.issue('user-1')).token)).toEqual({ subject: 'user-1', scopes: ['profile'] });
    expect(await service.verify((await service.issue('user-1', { scopes: [] })).token)).toEqual({ subject: 'user-1', scopes: [] });
    const privateKey = await importJWK(key!.privateJwk as JWK, 'ES256');
    const now = Math.floor(clock.now() / 1000);
    const signed = await signLowS(new SignJWT({ sub: 'u', iss: 'authproof:test', iat: now, exp: now + 60, scopes: 'profile billing' }).setProtectedHeader({ alg: 'ES256' }), privateKey);
    expect((await service.verify(signed)).scopes).toEqual(['profile', 'billing']);
  });

  it('publishes only the public members of the signing key, whatever its type', async () => {
    for (const algorithm of ['ES256', 'RS256', 'EdDSA']) {
      let key: SigningKey | null = null;
      const service = createTokenService({ clock, policy: { ...POLICY, algorithm }, random: randomBytes, signingKey: { get: () => key, set: (next) => (key = next) } });
      const issued = await service.issue('user-1');
      const [published] = (await service.jwks()).keys;
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(published, algorithm).not.toHaveProperty(secret);
      expect(await service.verify(issued.token)).toEqual({ subject: 'user-1', scopes: null });
    }
  });

  it('creates keys identified by their RFC 7638 thumbprint', async () => {
    const key = await createSigningKey('ES256');
    expect(key).toMatchObject({ alg: 'ES256', kid: expect.stringMatching(/^[\w-]{43}$/), privateJwk: { kty: 'EC', crv: 'P-256', d: expect.any(String) } });
  });
});
