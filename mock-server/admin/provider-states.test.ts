import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderStateName } from '../core/provider-states.js';
import { hashSecret } from '../core/secret-hash.js';
import { startMockServer, type MockServer } from '../index.js';
import { answer, client, expectProblem, startIterapay } from '../test/iterapay.js';

describe('provider states (POST /__admin/provider-states)', () => {
  let server: MockServer;
  const setup = (state: string, params?: Record<string, unknown>) => server.admin.changeProviderState({ state, params, action: 'setup' });
  const teardown = () => server.admin.changeProviderState({ state: '', action: 'teardown' });
  const get = (path: string, headers: Record<string, string>) => client(server).request('GET', path, { headers });

  beforeAll(async () => {
    server = await startIterapay();
  });
  afterAll(() => server.close());

  /** One test per state of the library, each set up through the endpoint and observed through the API. */
  const proofs: Record<ProviderStateName, () => Promise<void>> = {
    'an account with a merchant': async () => {
      const values = await setup('an account with a merchant');
      expect(Object.keys(values).sort()).toEqual(['email', 'merchantId', 'password', 'token', 'userId']);
      const token = await client(server).login({ email: values.email!, password: values.password! });
      expect(token).toMatch(/^eyJ/);
      await expectProblem(await get(`/key/info/${values.merchantId}`, { authorization: `Bearer ${values.token}` }), 404);
    },
    'another account with a merchant': async () => {
      const values = await setup('an account with a merchant');
      const both = await setup('another account with a merchant');
      expect(both).toMatchObject({ merchantId: values.merchantId, otherMerchantId: expect.any(String), otherToken: expect.any(String) });
      expect(both.otherMerchantId).not.toBe(values.merchantId);
      await expectProblem(await get(`/key/info/${both.merchantId}`, { authorization: `Bearer ${both.otherToken}` }), 403);
    },
    'another account has a record in {collection}': async () => {
      const values = await setup('the merchant has an active API key');
      const both = await setup('another account has a record in {collection}', { collection: 'invoices' });
      expect(both).toMatchObject({ apiKey: values.apiKey, otherMerchantId: expect.any(String), otherRecordId: expect.any(String) });
      // The record is the other merchant's, made from the document's example of a new invoice.
      expect((await answer(get(`/public/invoices/${both.otherRecordId}`, {}))).body).toMatchObject({ id: both.otherRecordId, state: 'pending', amount: expect.any(String) });
      await expectProblem(await get(`/merchants/${values.merchantId}/invoices/${both.otherRecordId}`, { 'x-api-key': values.apiKey! }), 404);
      await expectProblem(await get(`/merchants/${both.otherMerchantId}/invoices/${both.otherRecordId}`, { 'x-api-key': values.apiKey! }), 403);
      await expect(setup('another account has a record in refunds')).rejects.toMatchObject({
        status: 400,
        problem: { detail: expect.stringMatching(/collection must name a collection the profile creates records in \(invoices, withdrawals\), got 'refunds'/) },
      });
    },
    'the merchant has an active API key': async () => {
      const values = await setup('the merchant has an active API key');
      expect(values).toMatchObject({ merchantId: expect.any(String), token: expect.any(String), apiKey: expect.stringMatching(/^iterapay_live_/) });
      expect((await server.admin.exportState()).keys[hashSecret(values.apiKey!)]?.owner).toEqual({ kind: 'merchant', id: values.merchantId });
      expect((await get(`/merchants/${values.merchantId}/invoices`, { 'x-api-key': values.apiKey! })).status).toBe(200);
    },
    'the API key was replaced': async () => {
      const values = await setup('the API key was replaced');
      expect(values.replacedApiKey).not.toBe(values.apiKey);
      const replaced = await expectProblem(await get(`/merchants/${values.merchantId}/invoices`, { 'x-api-key': values.replacedApiKey! }), 401);
      expect(replaced.detail).toMatch(/replaced/);
      expect((await get(`/merchants/${values.merchantId}/invoices`, { 'x-api-key': values.apiKey! })).status).toBe(200);
    },
    'the API key was revoked': async () => {
      const values = await setup('the API key was revoked');
      expect(values.apiKey).toBeUndefined();
      const revoked = await expectProblem(await get(`/merchants/${values.merchantId}/invoices`, { 'x-api-key': values.revokedApiKey! }), 401);
      expect(revoked.detail).toMatch(/revoked/);
      await expectProblem(await get(`/key/info/${values.merchantId}`, { authorization: `Bearer ${values.token}` }), 404);
    },
    'the API key has used up its rate limit': async () => {
      const values = await setup('the API key has used up its rate limit');
      const limited = await get(`/merchants/${values.merchantId}/invoices`, { 'x-api-key': values.apiKey! });
      await expectProblem(limited.clone(), 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    },
    'the merchant allows only IP {ip}': async () => {
      await setup('the merchant has an active API key');
      const values = await setup('the merchant allows only IP {ip}', { ip: '203.0.113.7' });
      expect(values.ip).toBe('203.0.113.7');
      await expectProblem(await get(`/merchants/${values.merchantId}/invoices`, { 'x-api-key': values.apiKey! }), 403);
      await teardown();
      await setup('the merchant allows only IP 127.0.0.0/8');
      const allowed = await setup('the merchant has an active API key');
      expect((await get(`/merchants/${allowed.merchantId}/invoices`, { 'x-api-key': allowed.apiKey! })).status).toBe(200);
    },
    'the clock is at {time}': async () => {
      const before = await server.admin.clock();
      expect((await setup('the clock is at {time}', { time: '2030-01-01T00:00:00Z' })).now).toBe('2030-01-01T00:00:00.000Z');
      const values = await setup('the merchant has an active API key');
      const info = await answer(get(`/key/info/${values.merchantId}`, { authorization: `Bearer ${values.token}` }));
      expect(info.body.createdAt).toBe('2030-01-01T00:00:00.000Z');
      await teardown();
      const after = await server.admin.clock();
      expect(after.frozen).toBe(before.frozen);
      expect(after.epochMs - before.epochMs).toBeGreaterThanOrEqual(0);
      expect(after.epochMs - before.epochMs).toBeLessThan(10_000);
    },
    'the Bearer token has expired': async () => {
      const values = await setup('the Bearer token has expired');
      const expired = await expectProblem(await get(`/key/info/${values.merchantId}`, { authorization: `Bearer ${values.expiredToken}` }), 401);
      expect(expired.detail).toMatch(/expired/);
    },
  };

  it.each(Object.entries(proofs))('sets up "%s"', async (_name, prove) => {
    try {
      await prove();
    } finally {
      await teardown();
    }
  });

  it('lists every state as supported by the IteraPay profile', async () => {
    const listed = await server.admin.providerStates();
    expect(listed.map((state) => state.name).sort()).toEqual(Object.keys(proofs).sort());
    expect(listed.filter((state) => state.unsupported !== null)).toEqual([]);
  });

  it('shares one account among the states of an interaction and starts a new one after teardown', async () => {
    const first = await setup('an account with a merchant');
    expect((await setup('the merchant has an active API key')).merchantId).toBe(first.merchantId);
    expect(await server.admin.changeProviderState({ state: 'the merchant has an active API key', action: 'teardown' })).toEqual({});
    expect(await setup('')).toEqual({});
    expect((await setup('the merchant has an active API key')).merchantId).not.toBe(first.merchantId);
    await teardown();
  });

  it('answers 400 naming the problem for an unknown state, a bad parameter, or a state the profile cannot offer', async () => {
    await expect(setup('a merchant with a key')).rejects.toMatchObject({ status: 400, problem: { detail: expect.stringMatching(/^Unknown provider state 'a merchant with a key' \(known: an account with a merchant; /) } });
    await expect(setup('the clock is at {time}', { time: 'tomorrow' })).rejects.toMatchObject({ status: 400, problem: { detail: expect.stringMatching(/ISO 8601/) } });
    await expect(setup('the merchant allows only IP {ip}', { ip: '999.1.1.1' })).rejects.toMatchObject({ status: 400 });
    await expect(server.admin.changeProviderState({ state: 'x', action: 'destroy' as 'setup' })).rejects.toMatchObject({ status: 400 });
    await teardown();
    const unlimited = await startIterapay({ rateLimit: 'off' });
    try {
      await expect(unlimited.admin.changeProviderState({ state: 'the API key has used up its rate limit' })).rejects.toMatchObject({
        status: 400,
        problem: { detail: "Provider state 'the API key has used up its rate limit' does not apply to profile iterapay: API keys have no rate limit here (none in the profile, or --rate-limit off)" },
      });
    } finally {
      await unlimited.close();
    }
  });
});

/** Asserts CertoPay's NestJS-style error with its code, and returns the body. */
async function expectNest(response: Response, status: number, code?: string): Promise<{ statusCode: number; message: string; error: string; code?: string }> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { statusCode: number; message: string; error: string; code?: string };
  expect(body).toEqual({ statusCode: status, message: expect.any(String), error: expect.any(String), ...(code === undefined ? {} : { code }) });
  return body;
}

/**
 * CertoPay's keys belong to the caller's account (`x-authproof-tenant: me` on /api/api-keys/me), so the
 * states' key is the account's: the one its Bearer token manages and its payment operations take.
 */
describe('provider states on CertoPay (keys of the account)', () => {
  let server: MockServer;
  const setup = (state: string, params?: Record<string, unknown>) => server.admin.changeProviderState({ state, params, action: 'setup' });
  const teardown = () => server.admin.changeProviderState({ state: '', action: 'teardown' });
  const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers });
  const keyInfo = async (token: string) => (await answer(get('/api/api-keys/me', { authorization: `Bearer ${token}` }))).body;

  beforeAll(async () => {
    server = await startMockServer({ profile: 'certopay', logLevel: 'silent' });
  });
  afterAll(() => server.close());

  const unsupported: Partial<Record<ProviderStateName, RegExp>> = {
    'the API key was revoked': /no operation with x-authproof-action key\.revoke/,
    'the merchant allows only IP {ip}': /API keys belong to the caller's account \(x-authproof-tenant: me\), not to a merchant/,
  };

  const proofs: Partial<Record<ProviderStateName, () => Promise<void>>> = {
    'an account with a merchant': async () => {
      const values = await setup('an account with a merchant');
      expect(Object.keys(values).sort()).toEqual(['email', 'merchantId', 'password', 'token', 'userId']);
      const login = await answer(fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: values.email, password: values.password }) }));
      expect(login.body.token).toMatch(/^eyJ/);
      await expectNest(await get('/api/api-keys/me', { authorization: `Bearer ${values.token}` }), 404);
    },
    'another account with a merchant': async () => {
      const values = await setup('the merchant has an active API key');
      const both = await setup('another account with a merchant');
      expect(both).toMatchObject({ userId: values.userId, otherUserId: expect.any(String), otherToken: expect.any(String) });
      expect(both.otherUserId).not.toBe(values.userId);
      // The other account has no key of its own: the key of the interaction is not its.
      await expectNest(await get('/api/api-keys/me', { authorization: `Bearer ${both.otherToken}` }), 404);
    },
    'another account has a record in {collection}': async () => {
      const values = await setup('the merchant has an active API key');
      const both = await setup('another account has a record in {collection}', { collection: 'orders' });
      expect(both).toMatchObject({ otherUserId: expect.any(String), otherRecordId: expect.any(String) });
      const [record] = (await server.admin.exportState()).resources.orders?.[both.otherUserId!] ?? [];
      expect(record).toMatchObject({ id: both.otherRecordId, fields: { customerId: expect.any(String), amount: 29700, status: 'PENDING' } });
      await expectNest(await get(`/api/orders/${both.otherRecordId}`, { 'x-api-key': values.apiKey! }), 404);
      expect((await answer(get('/api/orders', { 'x-api-key': values.apiKey! }))).body).toEqual([]);
    },
    'the merchant has an active API key': async () => {
      const values = await setup('the merchant has an active API key');
      expect(values.apiKey).toMatch(/^sk_live_[A-Za-z0-9]{32}$/);
      expect((await server.admin.exportState()).keys[hashSecret(values.apiKey!)]?.owner).toEqual({ kind: 'account', id: values.userId });
      expect((await get('/api/orders', { 'x-api-key': values.apiKey! })).status).toBe(200);
      expect(await keyInfo(values.token!)).toMatchObject({ keyPrefix: values.apiKey!.slice(0, 16), active: true, rateLimit: 100 });
    },
    'the API key was replaced': async () => {
      const values = await setup('the API key was replaced');
      expect(values.replacedApiKey).not.toBe(values.apiKey);
      await expectNest(await get('/api/orders', { 'x-api-key': values.replacedApiKey! }), 401, 'invalid_api_key');
      expect((await get('/api/orders', { 'x-api-key': values.apiKey! })).status).toBe(200);
      expect((await keyInfo(values.token!)).keyPrefix).toBe(values.apiKey!.slice(0, 16));
    },
    'the API key has used up its rate limit': async () => {
      const values = await setup('the API key has used up its rate limit');
      const limited = await get('/api/orders', { 'x-api-key': values.apiKey! });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await expectNest(limited, 429, 'rate_limit_exceeded');
    },
    'the clock is at {time}': async () => {
      await setup('the clock is at {time}', { time: '2030-01-01T00:00:00Z' });
      const values = await setup('the merchant has an active API key');
      expect((await keyInfo(values.token!)).createdAt).toBe('2030-01-01T00:00:00.000Z');
    },
    'the Bearer token has expired': async () => {
      const values = await setup('the Bearer token has expired');
      await expectNest(await get('/api/api-keys/me', { authorization: `Bearer ${values.expiredToken}` }), 401, 'expired_token');
    },
  };

  it.each(Object.entries(proofs))('sets up "%s"', async (_name, prove) => {
    try {
      await prove!();
    } finally {
      await teardown();
    }
  });

  it('lists every other state as unsupported, saying why, and refuses to set it up', async () => {
    const listed = await server.admin.providerStates();
    expect(listed.map((state) => state.name).sort()).toEqual([...Object.keys(proofs), ...Object.keys(unsupported)].sort());
    for (const state of listed) {
      const why = unsupported[state.name];
      if (why === undefined) {
        expect(state.unsupported, state.name).toBeNull();
        continue;
      }
      expect(state.unsupported).toMatch(why);
      await expect(setup(state.name, { ip: '203.0.113.7' })).rejects.toMatchObject({
        status: 400,
        problem: { statusCode: 400, message: `Provider state '${state.name}' does not apply to profile certopay: ${state.unsupported}` },
      });
    }
    await teardown();
  });
});
