import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../index.js';
import { ALICE, ALICE_MERCHANT, BOB, BOB_MERCHANT, client, expectProblem, externalIpv4, startIterapay, type Client } from '../test/iterapay.js';
import { signLowS } from '../test/sign-low-s.js';

const INVOICES = `/merchants/${ALICE_MERCHANT}/invoices`;

describe('IteraPay credential rules', () => {
  let server: MockServer;
  let api: Client;
  let token: string;
  let key: string;

  beforeAll(async () => {
    server = await startIterapay({ host: '0.0.0.0' });
    api = client(server);
  });
  beforeEach(async () => {
    await server.admin.reset();
    token = await api.login();
    key = await api.generateKey(token);
  });
  afterAll(() => server.close());

  describe('401: missing, malformed, unknown, expired, revoked', () => {
    it('answers a request without credentials with 401 and a challenge for the accepted scheme', async () => {
      const keyOnly = await api.request('GET', INVOICES);
      await expectProblem(keyOnly, 401);
      expect(keyOnly.headers.get('www-authenticate')).toBe('ApiKey realm="iterapay", header="X-Api-Key"');
      const bearerOnly = await api.request('POST', `/key/generate/${ALICE_MERCHANT}`);
      expect((await expectProblem(bearerOnly, 401)).detail).toBe('A Bearer token is required');
      expect(bearerOnly.headers.get('www-authenticate')).toBe('Bearer realm="iterapay"');
      const either = await api.request('GET', '/merchants');
      expect(either.headers.get('www-authenticate')).toBe('ApiKey realm="iterapay", header="X-Api-Key", Bearer realm="iterapay"');
    });

    it.each([
      ['an unknown key', 'iterapay_live_00000000000000000000000000000000', /not valid/],
      ['a key of the wrong format', 'ipa_live_abc', /malformed/],
      ['an empty header', '', /empty/],
      ['a key with upper-case characters', `iterapay_live_${'A'.repeat(32)}`, /malformed/],
    ])('rejects %s with 401', async (_name, value, detail) => {
      const response = await api.request('GET', INVOICES, { headers: { 'x-api-key': value } });
      expect((await expectProblem(response, 401)).detail).toMatch(detail);
      expect(response.headers.get('www-authenticate')).toMatch(/^ApiKey realm="iterapay", header="X-Api-Key", error="invalid_key"/);
    });

    it('rejects the replaced key and the revoked key at once', async () => {
      const replacement = await api.generateKey(token);
      expect((await expectProblem(await api.request('GET', INVOICES, { headers: { 'x-api-key': key } }), 401)).detail).toMatch(/replaced/);
      await api.request('DELETE', `/key/revoke/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${token}` } });
      expect((await expectProblem(await api.request('GET', INVOICES, { headers: { 'x-api-key': replacement } }), 401)).detail).toMatch(/revoked/);
    });

    it('rejects malformed Authorization headers', async () => {
      for (const header of ['Bearer', 'Bearer ', 'Basic YWxpY2U6cGFzcw==', `Bearer ${token} extra`, `Token ${token}`]) {
        const response = await api.request('GET', `/key/info/${ALICE_MERCHANT}`, { headers: { authorization: header } });
        await expectProblem(response, 401);
        expect(response.headers.get('www-authenticate'), header).toMatch(/^Bearer realm="iterapay", error="invalid_token"/);
      }
    });
  });

  describe('JWT hardening: every forged or stale token gets 401', () => {
    const info = (bearer: string) => api.request('GET', `/key/info/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${bearer}` } });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString()) as Record<string, unknown>;

    it('accepts the genuine token (the control case)', async () => {
      expect((await info(token)).status).toBe(200);
    });

    it('rejects alg none, tampered payloads, foreign signatures and HS256 confusion', async () => {
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = decode(payload);
      const forged = {
        'alg none': `${part({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        'tampered payload': `${header}.${part({ ...claims, sub: BOB.id })}.${signature}`,
        'extended expiry': `${header}.${part({ ...claims, exp: Number(claims.exp) + 86_400 })}.${signature}`,
        'signature removed': `${header}.${payload}.`,
        truncated: token.slice(0, -12),
        garbage: 'not-a-jwt',
        'two segments': `${header}.${payload}`,
      };
      const { privateKey } = await generateKeyPair('ES256');
      const stranger = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: decode(header).kid as string }).sign(privateKey);
      const jwks = (await (await api.request('GET', '/.well-known/jwks.json')).json()) as { keys: JWK[] };
      const confusion = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
      for (const [name, forgery] of Object.entries({ ...forged, 'foreign key': stranger, 'HS256 with the public key': confusion })) {
        const response = await info(forgery);
        expect(response.status, name).toBe(401);
        await expectProblem(response, 401);
      }
    });

    it('rejects an expired token, a token not valid yet and a token from another issuer', async () => {
      const expired = await server.admin.mintToken({ userId: ALICE.id, expiresInSeconds: -1 });
      expect((await expectProblem(await info(expired.token), 401)).detail).toMatch(/expired/);
      const early = await server.admin.mintToken({ userId: ALICE.id, notBeforeSeconds: 60 });
      expect((await expectProblem(await info(early.token), 401)).detail).toMatch(/not valid yet/);
      await server.admin.advanceClock(61);
      expect((await info(early.token)).status).toBe(200);

      const { signingKey } = await server.admin.exportState();
      const key = await importJWK(signingKey!.privateJwk as JWK, 'ES256');
      const claims = decode(token.split('.')[1]!);
      const otherIssuer = await signLowS(new SignJWT({ ...claims, iss: 'someone-else' }).setProtectedHeader({ alg: 'ES256', kid: signingKey!.kid }), key);
      expect((await expectProblem(await info(otherIssuer), 401)).detail).toMatch(/iss/);
    });

    it('lets a token expire when the mock clock passes its lifetime', async () => {
      await server.admin.advanceClock(3601);
      expect((await expectProblem(await info(token), 401)).detail).toMatch(/expired/);
    });
  });

  describe('403: wrong kind, other merchant, non-allowed address', () => {
    it('refuses an API key on a Bearer-only operation and a Bearer token on a key-only operation', async () => {
      const keyOnBearer = await api.request('POST', `/key/generate/${ALICE_MERCHANT}`, { headers: { 'x-api-key': key } });
      expect((await expectProblem(keyOnBearer, 403)).detail).toBe('This operation requires a Bearer token; an API key (X-Api-Key) is not accepted');
      const bearerOnKey = await api.request('GET', INVOICES, { headers: { authorization: `Bearer ${token}` } });
      expect((await expectProblem(bearerOnKey, 403)).detail).toBe('This operation requires an API key (X-Api-Key); a Bearer token is not accepted');
      expect(bearerOnKey.headers.get('www-authenticate')).toBeNull();
    });

    it('answers 401, not 403, when the credential of the wrong kind is itself invalid', async () => {
      await expectProblem(await api.request('POST', `/key/generate/${ALICE_MERCHANT}`, { headers: { 'x-api-key': 'iterapay_live_00000000000000000000000000000000' } }), 401);
      await expectProblem(await api.request('GET', INVOICES, { headers: { authorization: 'Bearer not-a-jwt' } }), 401);
    });

    it("refuses a key on another merchant's path and a user on a merchant they do not own", async () => {
      await expectProblem(await api.request('GET', `/merchants/${BOB_MERCHANT}/invoices`, { headers: { 'x-api-key': key } }), 403);
      const bobToken = await api.login(BOB);
      await expectProblem(await api.request('POST', `/key/generate/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${bobToken}` } }), 403);
      await expectProblem(await api.request('GET', `/key/info/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${bobToken}` } }), 403);
    });

    const external = externalIpv4();
    it.skipIf(!external)(`applies the allowlist to API-key requests only (client ${external ?? 'none: no external IPv4 interface'})`, async () => {
      const viaExternal = (path: string, headers: Record<string, string>) => fetch(`http://${external}:${new URL(server.url).port}${path}`, { headers });
      const bearer = { authorization: `Bearer ${token}` };
      await api.request('POST', `/ipAddress/${ALICE_MERCHANT}`, { headers: bearer, body: { ipAddress: '127.0.0.1' } });
      expect((await api.request('GET', INVOICES, { headers: { 'x-api-key': key } })).status).toBe(200);
      const refused = await viaExternal(INVOICES, { 'x-api-key': key });
      expect((await expectProblem(refused, 403)).detail).toBe(`API-key requests from ${external} are not in this merchant's IP allowlist`);
      expect((await viaExternal(`/key/info/${ALICE_MERCHANT}`, bearer)).status).toBe(200);

      await api.request('POST', `/ipAddress/${ALICE_MERCHANT}`, { headers: bearer, body: { ipAddress: `${external!.split('.').slice(0, 3).join('.')}.0/24` } });
      expect((await viaExternal(INVOICES, { 'x-api-key': key })).status).toBe(200);
      await expectProblem(await api.request('GET', INVOICES, { headers: { 'x-api-key': key } }), 403);
      await api.request('DELETE', `/ipAddress/${ALICE_MERCHANT}`, { headers: bearer });
      expect((await api.request('GET', INVOICES, { headers: { 'x-api-key': key } })).status).toBe(200);
    });
  });

  describe('lastUsedAt', () => {
    it('is set by an authenticated request, never before createdAt, and not by a failed one', async () => {
      const info = async (bearer = token) =>
        (await (await api.request('GET', `/key/info/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${bearer}` } })).json()) as { createdAt: string; lastUsedAt: string | null };
      await api.request('GET', INVOICES, { headers: { 'x-api-key': 'iterapay_live_00000000000000000000000000000000' } });
      expect((await info()).lastUsedAt).toBeNull();
      await server.admin.advanceClock(30);
      await api.request('GET', INVOICES, { headers: { 'x-api-key': key } });
      const used = await info();
      expect(Date.parse(used.lastUsedAt!) - Date.parse(used.createdAt)).toBeGreaterThanOrEqual(30_000);
      await server.admin.advanceClock(-3600);
      await api.request('GET', INVOICES, { headers: { 'x-api-key': key } });
      // The token was issued an hour "in the future" now, so it is refused: log in again.
      const afterClockBack = await info(await api.login());
      expect(Date.parse(afterClockBack.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(afterClockBack.createdAt));
    });
  });
});
