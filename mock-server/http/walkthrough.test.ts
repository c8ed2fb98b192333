import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../index.js';
import { expectDocumented } from '../test/spec-responses.js';
import { ALICE_MERCHANT, BOB_MERCHANT, KEY_PATTERN, answer, client, startIterapay, type Client } from '../test/iterapay.js';

/** The IteraPay docs' flow, as a user follows it with curl; every answer must be one the spec documents. */
describe('IteraPay walkthrough', () => {
  let server: MockServer;
  let api: Client;
  const documented = async (operationId: string, method: string, path: string, init?: Parameters<Client['request']>[2]) => {
    const result = await answer(api.request(method, path, init));
    await expectDocumented(operationId, result.response, result.body);
    return result;
  };

  beforeAll(async () => {
    server = await startIterapay();
    api = client(server);
  });
  afterAll(() => server.close());

  it('logs in with the fixture account and gets an ES256 JWT that the JWKS verifies', async () => {
    const { response, body } = await documented('login', 'POST', '/auth/login', { body: { email: 'alice@example.com', password: 'alice-password' } });
    expect(response.status).toBe(200);
    const [header, payload] = (body.token as string).split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
    expect(payload).toMatchObject({ sub: '8f14e45f-ceea-467f-a0e6-2c1b7c6f9a01', iss: 'authproof:iterapay', jti: expect.any(String) });
    expect(payload.exp - payload.iat).toBe(3600);
    expect(Date.parse(body.expiresAt)).toBe(payload.exp * 1000);
    const jwks = await documented('jwks', 'GET', '/.well-known/jwks.json');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', kid: header.kid, alg: 'ES256' })]);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
  });

  it('rejects a wrong password with 401 and the same detail as an unknown email', async () => {
    const wrong = await documented('login', 'POST', '/auth/login', { body: { email: 'alice@example.com', password: 'nope' } });
    const unknown = await documented('login', 'POST', '/auth/login', { body: { email: 'carol@example.com', password: 'nope' } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.response.headers.get('www-authenticate')).toBe('Bearer realm="iterapay", ApiKey realm="iterapay", header="X-Api-Key"');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('generates a key, uses it for payments, reports it in info, replaces it and revokes it', async () => {
    const token = await api.login();
    const bearer = { authorization: `Bearer ${token}` };

    const none = await documented('getKeyInfo', 'GET', `/key/info/${ALICE_MERCHANT}`, { headers: bearer });
    expect(none.response.status).toBe(404);

    const generated = await documented('generateKey', 'POST', `/key/generate/${ALICE_MERCHANT}`, { headers: bearer });
    expect(generated.response.status).toBe(200);
    const key = generated.body.key as string;
    expect(key).toMatch(KEY_PATTERN);

    const fresh = await documented('getKeyInfo', 'GET', `/key/info/${ALICE_MERCHANT}`, { headers: bearer });
    expect(fresh.body).toEqual({ createdAt: expect.any(String), lastUsedAt: null, prefix: key.slice(0, 17) });
    expect(JSON.stringify(fresh.body)).not.toContain(key);

    const apiKey = { 'x-api-key': key };
    const created = await documented('createInvoice', 'POST', `/merchants/${ALICE_MERCHANT}/invoices`, {
      headers: apiKey,
      body: { amount: '125.50', type: 'onetime', description: 'Order #1', paymentMethodID: 1 },
    });
    expect(created.response.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id']);

    const invoice = await documented('getInvoice', 'GET', `/merchants/${ALICE_MERCHANT}/invoices/${created.body.id}`, { headers: apiKey });
    expect(invoice.body).toMatchObject({ id: created.body.id, amount: '125.50', type: 'onetime', state: 'pending', paymentMethodID: 1, amlOk: null });
    const publicInvoice = await documented('getPublicInvoice', 'GET', `/public/invoices/${created.body.id}`);
    expect(publicInvoice.body).toEqual(invoice.body);

    const list = await documented('listInvoices', 'GET', `/merchants/${ALICE_MERCHANT}/invoices?limit=5`, { headers: apiKey });
    expect(list.body).toMatchObject({ total: 1, page: 1, limit: 5, data: [invoice.body] });

    const used = await documented('getKeyInfo', 'GET', `/key/info/${ALICE_MERCHANT}`, { headers: bearer });
    expect(Date.parse(used.body.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(used.body.createdAt));

    const replacement = await documented('generateKey', 'POST', `/key/generate/${ALICE_MERCHANT}`, { headers: bearer });
    expect(replacement.body.key).not.toBe(key);
    const old = await documented('listInvoices', 'GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: apiKey });
    expect(old.response.status).toBe(401);
    expect(old.body.detail).toMatch(/replaced/);

    const revoked = await documented('revokeKey', 'DELETE', `/key/revoke/${ALICE_MERCHANT}`, { headers: bearer });
    expect(revoked.response.status).toBe(204);
    expect(revoked.body).toBeUndefined();
    const afterRevoke = await documented('listInvoices', 'GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': replacement.body.key } });
    expect(afterRevoke.response.status).toBe(401);
    expect(afterRevoke.body.detail).toMatch(/revoked/);
    const again = await documented('revokeKey', 'DELETE', `/key/revoke/${ALICE_MERCHANT}`, { headers: bearer });
    expect(again.response.status).toBe(404);
  });

  it('pages and orders invoices, lists transactions from the fixtures, and stores withdrawals', async () => {
    const token = await api.login();
    const key = await api.generateKey(token);
    const apiKey = { 'x-api-key': key };
    for (const amount of ['1.00', '2.00', '3.00']) {
      await server.admin.advanceClock(1);
      await api.request('POST', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: apiKey, body: { amount, type: 'reusable', paymentMethodID: 2 } });
    }
    const newest = await documented('listInvoices', 'GET', `/merchants/${ALICE_MERCHANT}/invoices?limit=2&page=1`, { headers: apiKey });
    const oldestFirst = await documented('listInvoices', 'GET', `/merchants/${ALICE_MERCHANT}/invoices?order=asc&limit=100`, { headers: apiKey });
    expect(newest.body.data.map((invoice: { amount: string }) => invoice.amount)).toEqual(['3.00', '2.00']);
    expect(oldestFirst.body.data.at(-1).amount).toBe('3.00');
    const page2 = await documented('listInvoices', 'GET', `/merchants/${ALICE_MERCHANT}/invoices?limit=2&page=2`, { headers: apiKey });
    expect(page2.body.page).toBe(2);
    expect(page2.body.data[0].amount).toBe('1.00');

    const transactions = await documented('listTransactions', 'POST', `/merchants/${ALICE_MERCHANT}/transactions/list`, {
      headers: apiKey,
      body: { states: ['confirmed'] },
    });
    expect(transactions.body).toMatchObject({ total: 1, data: [{ id: '3c9e1f6a-5b2d-4e8f-9a7c-1d2e3f4a5b6c', state: 'confirmed' }] });

    const withdrawal = await documented('createWithdrawal', 'POST', `/merchants/${ALICE_MERCHANT}/withdrawals`, {
      headers: apiKey,
      body: { address: 'TQ9xK', amount: '10.00', paymentMethodID: 1 },
    });
    expect(withdrawal.response.status).toBe(201);
    expect(withdrawal.body).toMatchObject({ address: 'TQ9xK', amount: '10.00', state: 'pending', txHash: null });
    const byBearer = await documented('createWithdrawal', 'POST', `/merchants/${ALICE_MERCHANT}/withdrawals`, {
      headers: { authorization: `Bearer ${token}` },
      body: { address: 'TQ9xK', amount: '1.00', paymentMethodID: 1 },
    });
    expect(byBearer.response.status).toBe(201);
  });

  it('lists merchants: the owner sees theirs by Bearer, a key sees its one merchant', async () => {
    const token = await api.login();
    const created = await documented('createMerchant', 'POST', '/merchants', { headers: { authorization: `Bearer ${token}` }, body: { name: 'Second Store' } });
    expect(created.response.status).toBe(201);
    const byBearer = await documented('listMerchants', 'GET', '/merchants', { headers: { authorization: `Bearer ${token}` } });
    expect(byBearer.body.map((merchant: { id: string }) => merchant.id).sort()).toEqual([ALICE_MERCHANT, created.body.id].sort());
    expect(byBearer.body.find((merchant: { id: string }) => merchant.id === ALICE_MERCHANT).balances).toEqual([
      { paymentMethodID: 1, balance: '1250.00', symbol: 'USDT' },
    ]);
    const key = await api.generateKey(token, created.body.id);
    const byKey = await documented('listMerchants', 'GET', '/merchants', { headers: { 'x-api-key': key } });
    expect(byKey.body).toEqual([{ id: created.body.id, name: 'Second Store', balances: [] }]);
    expect(byKey.body.some((merchant: { id: string }) => merchant.id === BOB_MERCHANT)).toBe(false);
  });

  it('manages the IP allowlist: one IPv4 address or CIDR range, replaced by each POST, null when cleared', async () => {
    const bearer = { authorization: `Bearer ${await api.login()}` };
    const path = `/ipAddress/${ALICE_MERCHANT}`;
    expect((await documented('getIpAddress', 'GET', path, { headers: bearer })).body).toEqual({ ipAddress: null });
    expect((await documented('setIpAddress', 'POST', path, { headers: bearer, body: { ipAddress: '203.0.113.42' } })).response.status).toBe(204);
    expect((await documented('setIpAddress', 'POST', path, { headers: bearer, body: { ipAddress: '203.0.113.0/24' } })).response.status).toBe(204);
    expect((await documented('getIpAddress', 'GET', path, { headers: bearer })).body).toEqual({ ipAddress: '203.0.113.0/24' });
    for (const bad of ['203.0.113.999', '2001:db8::1', '203.0.113.0/33', '10.0.0.1, 10.0.0.2']) {
      const rejected = await documented('setIpAddress', 'POST', path, { headers: bearer, body: { ipAddress: bad } });
      expect(rejected.response.status, bad).toBe(400);
    }
    expect((await documented('deleteIpAddress', 'DELETE', path, { headers: bearer })).response.status).toBe(204);
    expect((await documented('getIpAddress', 'GET', path, { headers: bearer })).body).toEqual({ ipAddress: null });
  });
});
