import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../index.js';
import { answer, client, type Client } from '../test/iterapay.js';
import { rawRequest } from '../test/raw-request.js';
import { CAROL, CAROL_MERCHANT, ENVELOPE_CODES_PROFILE, ERROR_PROFILE_FIXTURES, NEST_CODES_PROFILE } from '../test/error-profiles.js';

const NOW = '2030-01-01T00:00:00.000Z';
const UNKNOWN_KEY = `sk_test_${'a'.repeat(32)}`;

describe('the nest dialect with scheme codes', () => {
  let server: MockServer;
  let api: Client;
  let token: string;
  let key: string;
  beforeAll(async () => {
    server = await startMockServer({ profile: NEST_CODES_PROFILE, fixtures: ERROR_PROFILE_FIXTURES, clock: { start: NOW, frozen: true } });
    api = client(server);
    token = await api.login(CAROL);
    const generated = await answer(api.request('POST', `/keys/${CAROL_MERCHANT}`, { headers: { authorization: `Bearer ${token}` } }));
    key = (generated.body as { key: string }).key;
  });
  afterAll(() => server.close());

  it('answers a JWT on an API-key operation with 401 invalid_api_key, challenging for the key', async () => {
    const { response, body } = await answer(api.request('GET', '/merchants', { headers: { authorization: `Bearer ${token}` } }));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="nest-codes", header="X-Api-Key"');
    expect(body).toEqual({ statusCode: 401, message: expect.stringMatching(/not accepted/), error: 'Unauthorized', code: 'invalid_api_key' });
  });

  it('answers an API key on a Bearer operation with 403 insufficient_permissions', async () => {
    const { response, body } = await answer(api.request('GET', `/keys/${CAROL_MERCHANT}`, { headers: { 'x-api-key': key } }));
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(body).toEqual({ statusCode: 403, message: expect.stringMatching(/not accepted/), error: 'Forbidden', code: 'insufficient_permissions' });
  });

  it('gives the document codes where the scheme says nothing, and no code where the catalogue gives none', async () => {
    const missing = await answer(api.request('GET', '/merchants'));
    expect(missing.body).toEqual({ statusCode: 401, message: expect.any(String), error: 'Unauthorized', code: 'invalid_api_key' });
    const unknown = await answer(api.request('GET', '/merchants', { headers: { 'x-api-key': UNKNOWN_KEY } }));
    expect(unknown.body).toMatchObject({ statusCode: 401, code: 'invalid_api_key' });
    const notFound = await answer(api.request('GET', '/nowhere'));
    expect(notFound.body).toEqual({ statusCode: 404, message: 'No operation matches this path', error: 'Not Found' });
  });

  it('answers the rate limit with its code and Retry-After', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof answer>> | undefined;
    for (let i = 0; i < 6; i += 1) {
      last = await answer(api.request('GET', '/merchants', { headers: { 'x-api-key': key } }));
      statuses.push(last.response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect(last!.response.headers.get('retry-after')).toBe('60');
    expect(last!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'rate_limit_exceeded' });
  });

  it('answers the login in its own dialect (oauth2)', async () => {
    const { response, body } = await answer(api.request('POST', '/auth/login', { body: { email: CAROL.email, password: 'wrong' } }));
    expect(response.status).toBe(401);
    expect(body).toEqual({ error: 'invalid_grant', error_description: 'Email or password is incorrect' });
    const malformed = await answer(api.request('POST', '/auth/login', { raw: '{"email":', headers: { 'content-type': 'application/json' } }));
    expect(malformed.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
  });

  it('answers admin API errors in the profile dialect with the admin API statuses, and no body on HEAD', async () => {
    const { response, body } = await answer(fetch(`${server.url}/__admin/nope`));
    expect(response.status).toBe(404);
    expect(body).toEqual({ statusCode: 404, message: expect.stringMatching(/^No admin operation/), error: 'Not Found' });
    const head = await fetch(`${server.url}/merchants`, { method: 'HEAD' });
    expect(head.status).toBe(401);
    expect(await head.text()).toBe('');
  });
});

describe('the envelope dialect with a 400 for a wrong key', () => {
  let server: MockServer;
  let api: Client;
  beforeAll(async () => {
    server = await startMockServer({ profile: ENVELOPE_CODES_PROFILE, fixtures: ERROR_PROFILE_FIXTURES, clock: { start: NOW, frozen: true } });
    api = client(server);
  });
  afterAll(() => server.close());

  const envelope = (statusCode: number, message: unknown, path: string, method = 'GET') => ({ success: false, statusCode, message, errors: [], timestamp: NOW, path, method });

  it('answers an unknown or malformed key with 400 "Invalid key", without a challenge', async () => {
    for (const value of [UNKNOWN_KEY, 'sk_test_short']) {
      const { response, body } = await answer(api.request('GET', '/v1/merchants?page=2', { headers: { authorization: value } }));
      expect(response.status).toBe(400);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(body).toEqual(envelope(400, 'Invalid key', '/v1/merchants'));
    }
  });

  it('answers a missing key with 401 "Unauthorized" and a challenge', async () => {
    const { response, body } = await answer(api.request('GET', '/v1/merchants'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('ApiKey realm="envelope-codes", header="Authorization"');
    expect(body).toEqual(envelope(401, 'Unauthorized', '/v1/merchants'));
  });

  it('answers the admin API and what Node refuses before Express in the envelope too', async () => {
    const admin = await answer(fetch(`${server.url}/__admin/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":' }));
    expect(admin.response.status).toBe(400);
    expect(admin.body).toEqual(envelope(400, 'The request body is not valid JSON', '/__admin/clock/advance', 'POST'));
    const { host } = new URL(server.url);
    const raw = await rawRequest(server.url, `GET /v1/merchants HTTP/1.1\r\nHost: ${host}\r\nExpect: magic\r\nConnection: close\r\n\r\n`);
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 417 /);
    expect(JSON.parse(body)).toEqual(envelope(417, 'Expect: magic is not supported', '/v1/merchants'));
  });
});
