/**
 * The credential engine holds the auth models of the profiles still to come without a special case: the
 * two test profiles in mock-server/test/ are shaped like IvoryPay's (a key pair per environment) and
 * Paymenter's (many keys with permissions and addresses, a scoped JWT on the same header).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../index.js';
import { packageRoot } from '../package-root.js';
import { answer, client, type Client } from '../test/iterapay.js';

const NOW = '2030-01-01T00:00:00.000Z';
const ANA = { id: 'a1b2c3d4-0000-4000-8000-000000000001', email: 'ana@example.com', password: 'ana-password' };
const FIXTURES = { users: [ANA] };
const profile = (file: string) => join(packageRoot, 'mock-server', 'test', file);

describe('a secret and a public key per environment (IvoryPay-shaped)', () => {
  let server: MockServer;
  let api: Client;
  let token: string;
  const roll = async (environment: string) => {
    const { response, body } = await answer(api.request('POST', `/mock/keys/${environment}`, { headers: { authorization: `Bearer ${token}` } }));
    expect(response.status).toBe(201);
    const pair = body as { secretKey: { key: string; environment: string }; publicKey: { key: string; environment: string } };
    return { secret: pair.secretKey, public: pair.publicKey };
  };
  const call = (method: string, path: string, key?: string, body?: unknown) => answer(api.request(method, path, { headers: key === undefined ? {} : { authorization: key }, body }));

  beforeAll(async () => {
    server = await startMockServer({ profile: profile('key-pairs.openapi.yaml'), fixtures: FIXTURES, clock: { start: NOW, frozen: true } });
    api = client(server);
  });
  beforeEach(async () => {
    await server.admin.reset();
    const login = await answer(api.request('POST', '/mock/login', { body: { email: ANA.email, password: ANA.password } }));
    token = (login.body as { token: string }).token;
  });
  afterAll(() => server.close());

  it('issues a pair per environment, each key with its environment prefix', async () => {
    const test = await roll('TEST');
    expect(test.secret).toMatchObject({ key: expect.stringMatching(/^sk_test_[A-Za-z0-9]{32}$/), environment: 'TEST' });
    expect(test.public).toMatchObject({ key: expect.stringMatching(/^pk_test_[A-Za-z0-9]{32}$/), environment: 'TEST' });
    expect((await roll('LIVE')).secret.key).toMatch(/^sk_live_/);
    expect((await call('POST', '/mock/keys/STAGING', undefined)).response.status).toBe(401);
    expect((await answer(api.request('POST', '/mock/keys/STAGING', { headers: { authorization: `Bearer ${token}` } }))).response.status).toBe(404);
  });

  it("a new pair invalidates that environment's pair only, answering 400 Invalid key", async () => {
    const [oldTest, live] = [await roll('TEST'), await roll('LIVE')];
    const newTest = await roll('TEST');
    for (const key of [oldTest.secret.key, oldTest.public.key]) {
      const { response, body } = await call('GET', '/v1/transactions', key);
      expect(response.status).toBe(400);
      expect(body).toMatchObject({ success: false, statusCode: 400, message: 'Invalid key' });
    }
    for (const key of [newTest.secret.key, newTest.public.key, live.secret.key, live.public.key]) expect((await call('GET', '/v1/transactions', key)).response.status).toBe(200);
  });

  it('keeps TEST records invisible to LIVE keys', async () => {
    const [test, live] = [await roll('TEST'), await roll('LIVE')];
    const created = await call('POST', '/v1/transactions', test.secret.key, { amount: 10 });
    expect(created.response.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await call('GET', '/v1/transactions', test.public.key)).body).toEqual([expect.objectContaining({ id, amount: 10 })]);
    expect((await call('GET', '/v1/transactions', live.secret.key)).body).toEqual([]);
    expect((await call('GET', `/v1/transactions/${id}`, test.secret.key)).response.status).toBe(200);
    expect((await call('GET', `/v1/transactions/${id}`, live.secret.key)).response.status).toBe(404);
  });

  it('refuses a public key where only the secret key is accepted (403), and tells missing from wrong', async () => {
    const test = await roll('TEST');
    expect((await call('POST', '/v1/transactions', test.public.key, { amount: 1 })).response.status).toBe(403);
    const missing = await call('GET', '/v1/transactions');
    expect(missing.response.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401, message: 'Unauthorized' });
    expect((await call('GET', '/v1/transactions', `Bearer ${test.secret.key}`)).body).toMatchObject({ statusCode: 400, message: 'Invalid key' });
    // A dashboard token sent raw is no key of either kind: judged by the key schemes that read it, not as a bad Bearer header.
    expect((await call('GET', '/v1/transactions', token)).body).toMatchObject({ statusCode: 400, message: 'Invalid key' });
  });

  it('issues a key of a named scheme and environment through the admin API, and explains a wrong request', async () => {
    const owner = { kind: 'account' as const, id: ANA.id };
    const issued = await server.admin.createKey({ owner, scheme: 'publicKey', environment: 'LIVE', label: 'storefront' });
    expect(issued).toMatchObject({ key: expect.stringMatching(/^pk_live_/), scheme: 'publicKey', environment: 'LIVE', label: 'storefront' });
    expect((await call('GET', '/v1/transactions', issued.key)).response.status).toBe(200);
    await expect(server.admin.createKey({ owner, environment: 'LIVE' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/Name the key scheme/) });
    await expect(server.admin.createKey({ owner, scheme: 'secretKey' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/one of TEST, LIVE/) });
    await expect(server.admin.createKey({ owner, scheme: 'secretKey', environment: 'STAGING' })).rejects.toMatchObject({ status: 400 });
    await expect(server.admin.createKey({ owner, scheme: 'dashboard', environment: 'LIVE' })).rejects.toMatchObject({ status: 400 });
  });

  it("refuses a state import whose key would leave its environment", async () => {
    await roll('TEST');
    const state = await server.admin.exportState();
    const [hash, key] = Object.entries(state.keys).find(([, record]) => record.environment === 'TEST')!;
    for (const environment of [null, 'LIVE', 'STAGING']) {
      const moved = { ...state, keys: { ...state.keys, [hash]: { ...key, environment } } };
      await expect(server.admin.importState(moved)).rejects.toMatchObject({ status: 400 });
    }
    await expect(server.admin.importState({ ...state, keys: { ...state.keys, [hash]: { ...key, scheme: 'dashboard' } } })).rejects.toMatchObject({ status: 400 });
    await server.admin.importState(state);
  });

  it("refuses the keys of a suspended or deleted account with the profile's messages", async () => {
    const test = await roll('TEST');
    await server.admin.changeUser(ANA.id, { status: 'suspended' });
    expect((await call('GET', '/v1/transactions', test.secret.key)).body).toMatchObject({ statusCode: 400, message: 'Your account is inactive. Please contact support' });
    await server.admin.changeUser(ANA.id, { status: 'deleted' });
    expect((await call('GET', '/v1/transactions', test.secret.key)).body).toMatchObject({ statusCode: 400, message: 'Account not found' });
    expect((await answer(api.request('POST', '/mock/login', { body: { email: ANA.email, password: ANA.password } }))).response.status).toBe(401);
    await server.admin.changeUser(ANA.id, { status: 'active' });
    expect((await call('GET', '/v1/transactions', test.secret.key)).response.status).toBe(200);
  });
});

describe('many keys with permissions and addresses, and a scoped JWT on the same header (Paymenter-shaped)', () => {
  let server: MockServer;
  let api: Client;
  const owner = { kind: 'account' as const, id: ANA.id };
  const call = (method: string, path: string, credential?: string, body?: unknown) =>
    answer(api.request(method, path, { headers: credential === undefined ? {} : { authorization: `Bearer ${credential}` }, body }));

  beforeAll(async () => {
    server = await startMockServer({ profile: profile('key-rows.openapi.yaml'), fixtures: FIXTURES, clock: { start: NOW, frozen: true } });
    api = client(server);
  });
  beforeEach(() => server.admin.reset());
  afterAll(() => server.close());

  it('keeps every key an account is issued, each with its own permissions; a missing one is 403 after the use is recorded', async () => {
    const viewer = await server.admin.createKey({ owner, label: 'viewer', permissions: ['admin.users.view'] });
    const writer = await server.admin.createKey({ owner, label: 'writer', permissions: ['admin.users.view', 'admin.users.create'] });
    expect(viewer.key).toMatch(/^PAYM[0-9a-f]{64}$/);
    expect((await call('GET', '/api/v1/admin/users', viewer.key)).response.status).toBe(200);
    expect((await call('POST', '/api/v1/admin/users', writer.key, { email: 'x@example.com' })).response.status).toBe(201);
    const refused = await call('POST', '/api/v1/admin/users', viewer.key, { email: 'y@example.com' });
    expect(refused.response.status).toBe(403);
    expect(refused.body).toEqual({ message: 'This action is unauthorized.' });
    const state = await server.admin.exportState();
    expect(Object.values(state.keys).find((key) => key.id === viewer.id)!.lastUsedAt).toBe(Date.parse(NOW));
  });

  it('lets a key in from its listed addresses only, matched exactly', async () => {
    const elsewhere = await server.admin.createKey({ owner, ipAddresses: ['10.1.2.3'] });
    const refused = await call('GET', '/api/v1/admin/users', elsewhere.key);
    expect(refused.response.status).toBe(403);
    expect(refused.body).toEqual({ message: 'You do not have permission to access this resource.' });
    await server.admin.changeKey(elsewhere.id, { ipAddresses: ['10.1.2.3', '127.0.0.1'] });
    expect((await call('GET', '/api/v1/admin/users', elsewhere.key)).response.status).toBe(200);
    await expect(server.admin.changeKey(elsewhere.id, { ipAddresses: ['127.0.0.0/8'] })).rejects.toMatchObject({ status: 400 });
    expect((await call('GET', '/api/v1/admin/users', elsewhere.key)).response.status).toBe(200);
    // The addresses are checked before the permissions, as Paymenter's middleware does before its request classes.
    await server.admin.changeKey(elsewhere.id, { ipAddresses: ['10.1.2.3'], permissions: [] });
    expect((await call('GET', '/api/v1/admin/users', elsewhere.key)).body).toEqual({ message: 'You do not have permission to access this resource.' });
  });

  it('answers a disabled key exactly as an unknown one, and a missing bearer with {error}', async () => {
    const key = await server.admin.createKey({ owner });
    const changed = await server.admin.changeKey(key.id, { active: false });
    expect(changed).toMatchObject({ id: key.id, active: false });
    const disabled = await call('GET', '/api/v1/admin/users', key.key);
    const unknown = await call('GET', '/api/v1/admin/users', `PAYM${'0'.repeat(64)}`);
    expect(disabled.response.status).toBe(401);
    expect(disabled.body).toEqual({ message: 'The provided API key is invalid or has been disabled.' });
    expect(unknown.body).toEqual(disabled.body);
    expect((await call('GET', '/api/v1/admin/users')).body).toEqual({ error: 'The request is missing a valid bearer token.' });
  });

  const grant = async (fields: Record<string, string>) => {
    const { response, body } = await answer(
      api.request('POST', '/api/oauth/token', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: new URLSearchParams({ grant_type: 'password', client_id: 'c', ...fields }).toString() }),
    );
    return { response, body: body as Record<string, unknown> };
  };

  it('issues a Passport-style token through the OAuth2 password grant (a form), and answers its errors in OAuth2', async () => {
    const issued = await grant({ username: ANA.email, password: ANA.password });
    expect(issued.response.status).toBe(200);
    expect(issued.response.headers.get('cache-control')).toBe('no-store');
    expect(issued.body).toEqual({ token_type: 'Bearer', expires_in: 31536000, access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    expect((await call('GET', '/api/me', issued.body.access_token as string)).response.status).toBe(200);
    expect(await grant({ username: ANA.email, password: 'wrong' })).toMatchObject({ response: { status: 400 }, body: { error: 'invalid_grant', error_description: 'The user credentials were incorrect.' } });
    expect(await grant({ grant_type: 'client_credentials', username: ANA.email, password: ANA.password })).toMatchObject({ response: { status: 400 }, body: { error: 'unsupported_grant_type' } });
    expect(await grant({ username: ANA.email, password: ANA.password, scope: 'profile admin' })).toMatchObject({ response: { status: 400 }, body: { error: 'invalid_scope' } });
    const json = await answer(api.request('POST', '/api/oauth/token', { body: { grant_type: 'password', username: ANA.email, password: ANA.password } }));
    expect(json.response.status).toBe(415);
  });

  it("holds a token to its scopes, and routes a value on the shared header by its shape", async () => {
    const token = (await grant({ username: ANA.email, password: ANA.password, scope: 'profile' })).body.access_token as string;
    expect((await call('GET', '/api/me', token)).body).toEqual({ id: ANA.id, email: ANA.email });
    const unscoped = await server.admin.mintToken({ userId: ANA.id, scopes: [] });
    expect(await call('GET', '/api/me', unscoped.token)).toMatchObject({ response: { status: 403 }, body: { message: 'Invalid scope(s) provided.' } });
    const key = await server.admin.createKey({ owner });
    expect(await call('GET', '/api/me', key.key)).toMatchObject({ response: { status: 401 }, body: { message: 'Unauthenticated.' } });
    expect(await call('GET', '/api/v1/admin/users', token)).toMatchObject({ response: { status: 401 }, body: { message: 'The provided API key is invalid or has been disabled.' } });
  });
});
