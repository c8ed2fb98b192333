import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../index.js';
import { documentedBy } from '../test/spec-responses.js';

const ANA = { id: '2d9f6c1a-7b3e-4f58-9a0c-6e1d2b3c4a51', email: 'ana@example.com', password: 'ana-password' };
const BRUNO = { id: '7a4e2b9c-3d1f-4c6a-8e5b-0f9a1c2d3e64', email: 'bruno@example.com', password: 'bruno-password' };
const KEY = /^sk_live_[A-Za-z0-9]{32}$/;
const ORDER = { customerId: '0c2d7f7e-1b0a-4a57-9f2c-5d6e7f8a9b0c', amount: 29700 };
const expectDocumented = documentedBy('certopay');

/** The CertoPay docs' flow, as a user follows it with curl; every answer must be one the spec documents. */
describe('CertoPay walkthrough', () => {
  let server: MockServer;
  const call = async (operationId: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text === '' ? undefined : JSON.parse(text);
    await expectDocumented(operationId, response, json);
    return { status: response.status, headers: response.headers, json, text };
  };
  const login = async (user: { email: string; password: string }) => (await call('login', 'POST', '/api/auth/login', {}, { email: user.email, password: user.password })).json.token as string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const apiKey = (key: string) => ({ 'x-api-key': key });

  beforeAll(async () => {
    server = await startMockServer({ profile: 'certopay', logLevel: 'silent' });
  });
  afterAll(() => server.close());

  it('logs in for a 15-minute ES256 JWT, regenerates the account key and shows its metadata, masked', async () => {
    const token = await login(ANA);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: ANA.id, iss: 'authproof:certopay' });
    expect(payload.exp - payload.iat).toBe(900);
    expect((await call('getMyApiKey', 'GET', '/api/api-keys/me', bearer(token))).json).toMatchObject({ statusCode: 404, error: 'Not Found' });

    const { status, json: issued } = await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(token));
    expect(status).toBe(200);
    expect(issued.key).toMatch(KEY);
    expect(issued).toMatchObject({ keyPrefix: issued.key.slice(0, 16), maskedKey: `${issued.key.slice(0, 16)}...••••••••••`, active: true, rateLimit: 100, lastUsedAt: null });
    const info = await call('getMyApiKey', 'GET', '/api/api-keys/me', bearer(token));
    expect(info.json).toEqual({ ...issued, key: undefined, id: issued.id, label: null, lastUsedAt: null });
    expect(info.text).not.toContain(issued.key);
  });

  it('takes the key for orders and payments, answers with the NestJS body and code, and records the key use', async () => {
    const token = await login(ANA);
    const { key } = (await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(token))).json as { key: string };
    const created = await call('createOrder', 'POST', '/api/orders', apiKey(key), ORDER);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ ...ORDER, status: 'PENDING' });
    expect((await call('getOrder', 'GET', `/api/orders/${created.json.id}`, apiKey(key))).json.id).toBe(created.json.id);
    expect((await call('listCustomers', 'GET', '/api/customers', apiKey(key))).json.map((customer: { name: string }) => customer.name)).toEqual(['Ana Souza']);
    const paid = await call('processPayment', 'POST', '/api/payment-gateway/process', apiKey(key), { orderId: created.json.id, method: 'PIX', amount: 29700, buyerDoc: '12345678909' });
    expect(paid.status).toBe(201);
    expect((await call('getTransaction', 'GET', `/api/payment-gateway/transaction/${paid.json.id}`, apiKey(key))).json.status).toBe('PENDING');
    expect((await call('getMyApiKey', 'GET', '/api/api-keys/me', bearer(token))).json.lastUsedAt).not.toBeNull();

    const missing = await call('listOrders', 'GET', '/api/orders');
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'invalid_api_key' });
  });

  it('invalidates the old key at once on regenerate, and tells the wrong kind of credential apart', async () => {
    const token = await login(ANA);
    const first = ((await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(token))).json as { key: string }).key;
    const second = ((await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(token))).json as { key: string }).key;
    expect((await call('listOrders', 'GET', '/api/orders', apiKey(first))).json).toMatchObject({ statusCode: 401, code: 'invalid_api_key' });
    expect((await call('listOrders', 'GET', '/api/orders', apiKey(second))).status).toBe(200);
    // A JWT on a payment operation: 401 invalid_api_key; an API key on a management one: 403 insufficient_permissions.
    expect((await call('listOrders', 'GET', '/api/orders', bearer(token))).json).toMatchObject({ statusCode: 401, code: 'invalid_api_key' });
    expect((await call('getMyApiKey', 'GET', '/api/api-keys/me', apiKey(second))).json).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'insufficient_permissions' });
    const expired = await server.admin.mintToken({ userId: ANA.id, expiresInSeconds: -60 });
    expect((await call('getMyApiKey', 'GET', '/api/api-keys/me', bearer(expired.token))).json).toMatchObject({ statusCode: 401, code: 'expired_token' });
  });

  it("keeps each account's records apart: another account's order is not found", async () => {
    const anaKey = ((await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(await login(ANA)))).json as { key: string }).key;
    const brunoKey = ((await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(await login(BRUNO)))).json as { key: string }).key;
    const order = (await call('createOrder', 'POST', '/api/orders', apiKey(brunoKey), ORDER)).json as { id: string };
    expect((await call('getOrder', 'GET', `/api/orders/${order.id}`, apiKey(anaKey))).status).toBe(404);
    expect((await call('listOrders', 'GET', '/api/orders', apiKey(anaKey))).json.map((each: { id: string }) => each.id)).not.toContain(order.id);
  });

  it('limits each key to 100 requests per rolling 60 s, with Retry-After and rate_limit_exceeded', async () => {
    await server.admin.reset();
    const anaKey = ((await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(await login(ANA)))).json as { key: string }).key;
    const brunoKey = ((await call('regenerateMyApiKey', 'POST', '/api/api-keys/me/regenerate', bearer(await login(BRUNO)))).json as { key: string }).key;
    for (let sent = 0; sent < 100; sent += 1) expect((await fetch(`${server.url}/api/orders`, { headers: apiKey(anaKey) })).status).toBe(200);
    const limited = await call('listOrders', 'GET', '/api/orders', apiKey(anaKey));
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ statusCode: 429, code: 'rate_limit_exceeded' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call('listOrders', 'GET', '/api/orders', apiKey(brunoKey))).status).toBe(200);
  });
});

describe('CertoPay keys of the fixtures', () => {
  it('refuses an inactive key like an unknown one, and enforces a key of its own rate limit', async () => {
    const inactive = 'sk_live_INACTIVEkey0000000000000000000000';
    const limited = 'sk_live_LIMITEDkey00000000000000000000000';
    const server = await startMockServer({
      profile: 'certopay',
      logLevel: 'silent',
      fixtures: {
        users: [
          { ...ANA, apiKey: { value: inactive.slice(0, 40), label: 'Chave antiga', active: false } },
          { ...BRUNO, apiKey: { value: limited.slice(0, 40), label: 'Chave principal', rateLimit: 2 } },
        ],
      },
    });
    try {
      const refused = await fetch(`${server.url}/api/orders`, { headers: { 'x-api-key': inactive.slice(0, 40) } });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ code: 'invalid_api_key' });
      const statuses = [];
      for (let sent = 0; sent < 3; sent += 1) statuses.push((await fetch(`${server.url}/api/orders`, { headers: { 'x-api-key': limited.slice(0, 40) } })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await server.close();
    }
  });
});
