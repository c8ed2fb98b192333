import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminError, createAdminClient, type MockServer } from '../index.js';
import { ALICE, ALICE_MERCHANT, client, expectProblem, externalIpv4, startIterapay } from '../test/iterapay.js';

describe('admin API (/__admin)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startIterapay({ clock: { start: '2030-01-01T00:00:00.000Z', frozen: true } });
  });
  afterAll(() => server.close());

  it('gets, advances, sets, freezes and releases the one clock', async () => {
    expect(await server.admin.clock()).toEqual({ now: '2030-01-01T00:00:00.000Z', epochMs: Date.parse('2030-01-01T00:00:00Z'), frozen: true });
    expect((await server.admin.advanceClock(90.5)).now).toBe('2030-01-01T00:01:30.500Z');
    expect((await server.admin.setClock({ now: '2031-06-01T12:00:00Z' })).now).toBe('2031-06-01T12:00:00.000Z');
    const released = await server.admin.setClock({ frozen: false });
    expect(released.frozen).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await server.admin.clock()).epochMs).toBeGreaterThan(released.epochMs);
    await server.admin.setClock({ now: '2030-01-01T00:00:00Z', frozen: true });
  });

  it('stamps tokens and key timestamps with the mock clock', async () => {
    const api = client(server);
    const token = await api.login();
    await api.generateKey(token);
    const info = await (await api.request('GET', `/key/info/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(info.createdAt).toBe('2030-01-01T00:00:00.000Z');
  });

  it('seeds users and merchants, and mints tokens with a chosen lifetime', async () => {
    const user = await server.admin.createUser({ email: 'carol@example.com', password: 'carol-password' });
    const merchant = await server.admin.createMerchant({ name: "Carol's", ownerId: user.id });
    const api = client(server);
    const token = await api.login({ email: 'carol@example.com', password: 'carol-password' });
    expect((await api.request('POST', `/key/generate/${merchant.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const minted = await server.admin.mintToken({ userId: user.id, expiresInSeconds: 5 });
    expect(minted.expiresAt).toBe('2030-01-01T00:00:05.000Z');
    await expect(server.admin.createUser({ email: 'carol@example.com', password: 'x' })).rejects.toMatchObject({ status: 409 });
    await expect(server.admin.createMerchant({ name: 'x', ownerId: 'nobody' })).rejects.toMatchObject({ status: 404 });
    await expect(server.admin.mintToken({ userId: 'nobody' })).rejects.toMatchObject({ status: 404 });
  });

  it('exports state without secrets in clear, imports it back, and resets to the fixtures', async () => {
    await server.admin.reset();
    const api = client(server);
    const key = await api.generateKey(await api.login());
    const state = await server.admin.exportState();
    const text = JSON.stringify(state);
    expect(text).not.toContain(key);
    expect(text).not.toContain(ALICE.password);
    expect(Object.keys(state.keys)).toHaveLength(1);

    await server.admin.createUser({ email: 'dave@example.com', password: 'dave-password' });
    await server.admin.reset();
    expect((await api.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } })).status).toBe(401);
    expect(Object.values((await server.admin.exportState()).users).map((user) => user.email)).toEqual(['alice@example.com', 'bob@example.com']);

    await server.admin.importState(state);
    expect((await api.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } })).status).toBe(200);
  });

  it('imports a state written by the previous version (2), which had no environments, IP lists or account status', async () => {
    await server.admin.reset();
    const api = client(server);
    const key = await api.generateKey(await api.login());
    const current = await server.admin.exportState();
    const strip = <T extends object>(records: Record<string, T>, ...fields: string[]) =>
      Object.fromEntries(Object.entries(records).map(([id, record]) => [id, Object.fromEntries(Object.entries(record).filter(([name]) => !fields.includes(name)))]));
    const resources = Object.fromEntries(Object.entries(current.resources).map(([collection, byTenant]) => [collection, Object.fromEntries(Object.entries(byTenant).map(([tenant, records]) => [tenant, records.map(({ environment: _, ...record }) => record)]))]));
    expect(Object.keys(resources)).not.toHaveLength(0);
    const version2 = { ...current, version: 2, users: strip(current.users, 'status'), keys: strip(current.keys, 'environment', 'ipAddresses'), resources };
    await server.admin.reset();
    await server.admin.importState(version2 as never);
    expect(await server.admin.exportState()).toEqual(current);
    expect((await api.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': key } })).status).toBe(200);
  });

  it('finds no account, merchant or user behind the names of built-in object members', async () => {
    const before = await server.admin.exportState();
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      await expect(server.admin.changeUser(id, { status: 'suspended' })).rejects.toMatchObject({ status: 404 });
      await expect(server.admin.createKey({ owner: { kind: 'account', id } })).rejects.toMatchObject({ status: 404 });
      await expect(server.admin.createKey({ owner: { kind: 'merchant', id } })).rejects.toMatchObject({ status: 404 });
      await expect(server.admin.mintToken({ userId: id })).rejects.toMatchObject({ status: 404 });
      await expect(server.admin.createMerchant({ name: 'M', ownerId: id })).rejects.toMatchObject({ status: 404 });
    }
    await expect(server.admin.mintToken({ userId: ALICE.id, scopes: ['profile'] })).rejects.toMatchObject({ status: 400 });
    expect(await server.admin.exportState()).toEqual(before);
  });

  it('refuses an invalid or inconsistent state with a 400 problem and keeps the current one', async () => {
    const state = await server.admin.exportState();
    await expect(server.admin.importState({ ...state, version: 1 } as never)).rejects.toMatchObject({ status: 400 });
    const orphan = { ...state, merchants: { ...state.merchants, m: { id: 'm', name: 'x', ownerId: 'ghost', balances: [], allowlist: null } } };
    await expect(server.admin.importState(orphan)).rejects.toMatchObject({ status: 400, problem: { detail: expect.stringMatching(/owner ghost/) } });
    expect(await server.admin.exportState()).toEqual(state);
  });

  it('journals answered requests without credentials, and clears the journal', async () => {
    await server.admin.clearJournal();
    const api = client(server);
    await api.request('GET', `/merchants/${ALICE_MERCHANT}/invoices`, { headers: { 'x-api-key': 'iterapay_live_00000000000000000000000000000000' } });
    await api.request('GET', '/nope');
    const entries = await server.admin.journal();
    expect(entries).toEqual([
      { at: '2030-01-01T00:00:00.000Z', method: 'GET', path: `/merchants/${ALICE_MERCHANT}/invoices`, status: 401, operationId: 'listInvoices', scheme: null },
      { at: '2030-01-01T00:00:00.000Z', method: 'GET', path: '/nope', status: 404, operationId: null, scheme: null },
    ]);
    expect(JSON.stringify(entries)).not.toContain('iterapay_live_');
    await server.admin.clearJournal();
    expect(await server.admin.journal()).toEqual([]);
  });

  it('refuses clock moves and token lifetimes beyond 100 years, and states with an invalid allowlist', async () => {
    await expect(server.admin.advanceClock(1e300)).rejects.toMatchObject({ status: 400 });
    await expect(server.admin.mintToken({ userId: ALICE.id, expiresInSeconds: 1e12 })).rejects.toMatchObject({ status: 400 });
    expect((await server.admin.clock()).now).toBe('2030-01-01T00:00:00.000Z');
    const state = await server.admin.exportState();
    const merchant = Object.values(state.merchants)[0]!;
    const broken = { ...state, merchants: { ...state.merchants, [merchant.id]: { ...merchant, allowlist: 'everyone' } } };
    await expect(server.admin.importState(broken)).rejects.toMatchObject({ status: 400, problem: { detail: expect.stringMatching(/allowlist/) } });
  });

  it('refuses a loopback request for another host name (DNS rebinding)', async () => {
    const { port } = new URL(server.url);
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/__admin/state', headers: { host: `evil.example:${port}` } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });

  it('refuses cross-site requests: a foreign Origin, or a state-changing call whose body is not JSON', async () => {
    await server.admin.reset();
    const before = await server.admin.exportState();
    const changes: Array<[string, string, unknown]> = [
      ['POST', '/reset', undefined],
      ['PUT', '/state', before],
      ['PUT', '/clock', { frozen: true }],
      ['POST', '/clock/advance', { seconds: 1 }],
      ['POST', '/users', { email: 'mallory@example.com', password: 'mallory-password' }],
      ['POST', '/merchants', { name: 'x', ownerId: ALICE.id }],
      ['POST', '/tokens', { userId: ALICE.id }],
      ['DELETE', '/journal', undefined],
    ];
    const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      fetch(`${server.url}/__admin${path}`, { method, headers, body });
    for (const [method, path, body] of changes) {
      const json = body === undefined ? undefined : JSON.stringify(body);
      // A browser's "simple" request: text/plain, from a page on another site.
      await expectProblem(await call(method, path, { origin: 'https://evil.example', 'content-type': 'text/plain' }, json ?? ''), 403);
      await expectProblem(await call(method, path, { origin: 'null', 'content-type': 'application/json' }, json), 403);
      await expectProblem(await call(method, path, { 'content-type': 'text/plain' }, json ?? 'x'), 415);
      await expectProblem(await call(method, path, { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b'), 415);
    }
    await expectProblem(await call('GET', '/state', { origin: 'https://evil.example' }), 403);
    expect(await server.admin.exportState()).toEqual(before);
    expect((await server.admin.clock()).now).toBe('2030-01-01T00:00:00.000Z');
    // The mock's own origin, and no Origin at all (curl, the admin client), still work.
    expect((await call('POST', '/reset', { origin: server.url })).status).toBe(204);
    expect((await call('PUT', '/clock', { origin: server.url, 'content-type': 'application/json; charset=utf-8' }, '{"frozen":true}')).status).toBe(200);
  });

  it('answers bad admin input and unknown admin routes with problems', async () => {
    const bad = await fetch(`${server.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":' });
    await expectProblem(bad, 400);
    await expectProblem(await fetch(`${server.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"minutes":1}' }), 400);
    await expectProblem(await fetch(`${server.url}/__admin/nope`), 404);
  });
});

describe('admin API access', () => {
  const external = externalIpv4();

  it.skipIf(!external)(`answers loopback clients only by default (non-loopback client ${external ?? 'none'})`, async () => {
    const server = await startIterapay({ host: '0.0.0.0' });
    try {
      const port = new URL(server.url).port;
      expect((await fetch(`http://127.0.0.1:${port}/__admin/clock`)).status).toBe(200);
      const remote = await fetch(`http://${external}:${port}/__admin/clock`);
      expect((await expectProblem(remote, 403)).detail).toMatch(/loopback/);
    } finally {
      await server.close();
    }
  });

  it('requires the admin token when one is configured, compared in constant time', async () => {
    const server = await startIterapay({ adminToken: 's3cret-admin-token' });
    try {
      const anonymous = await fetch(`${server.url}/__admin/clock`);
      await expectProblem(anonymous, 401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="authproof-admin"');
      await expect(createAdminClient(server.url, 'wrong').clock()).rejects.toBeInstanceOf(AdminError);
      expect((await server.admin.clock()).frozen).toBe(false);
    } finally {
      await server.close();
    }
  });
});
