/**
 * The IteraPay reference consumer: the auth interactions an integrator depends on, written with Pact's
 * PactV4 DSL. Running it regenerates contracts/pacts/authproof-reference-consumer-iterapay.json (a
 * difference fails the run; `npx vitest run -u contracts/` accepts it) and verifies the new pact against
 * the mock, through Prism, with Pact's own Verifier.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchersV3, PactV4, SpecificationVersion } from '@pact-foundation/pact';
import type { V4ResponseBuilder } from '@pact-foundation/pact/src/v4/http/types.js';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../mock-server/index.js';
import { packageRoot } from '../../mock-server/package-root.js';
import { describeExchange } from '../describe-exchange.js';
import { readPacts } from '../read-pacts.js';
import { startPrismProxy } from '../test/start-prism-proxy.js';
import { verifyPacts } from '../verify-pacts.js';

const { fromProviderState, integer, like, regex, uuid } = MatchersV3;

const CONSUMER = 'authproof-reference-consumer';
const PROVIDER = 'iterapay';
const SHIPPED = join(packageRoot, 'contracts', 'pacts', `${CONSUMER}-${PROVIDER}.json`);
const dir = mkdtempSync(join(tmpdir(), 'authproof-consumer-'));
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir, spec: SpecificationVersion.SPECIFICATION_VERSION_V4, logLevel: 'error' });

// Example values the consumer-side mock server answers with; the provider's come from the provider states.
const MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
const KEY = 'iterapay_live_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

const path = (template: string) => fromProviderState(template, template.replace(/\$\{merchantId\}|\$\{otherMerchantId\}/g, MERCHANT));
const bearer = (value = 'token') => ({ Authorization: fromProviderState(`Bearer \${${value}}`, `Bearer ${TOKEN}`) });
const apiKey = (value = 'apiKey') => ({ 'X-Api-Key': fromProviderState(`\${${value}}`, KEY) });

const PROBLEMS = {
  401: ['https://example.com/probs/unauthorized', 'Unauthorized'],
  403: ['https://example.com/probs/forbidden', 'Forbidden'],
  429: ['https://example.com/probs/too-many-requests', 'Too Many Requests'],
} as const;

/** IteraPay's error body: RFC 9457 problem details with the profile's stable type and title per status. */
function problem(status: keyof typeof PROBLEMS, headers: Record<string, unknown> = {}) {
  const [type, title] = PROBLEMS[status];
  return (builder: V4ResponseBuilder) =>
    builder
      .headers({ 'Content-Type': regex('^application/problem\\+json(;.*)?$', 'application/problem+json'), ...headers } as never)
      .jsonBody({ type, title, status, detail: like('The API key has been revoked'), instance: like(`/merchants/${MERCHANT}/invoices`) });
}

/**
 * The reference consumer's one HTTP call. Each interaction has a mock server of its own, and a port can
 * come back for the next one: a kept-alive connection would then reach the old server, so none is kept.
 */
async function call(baseUrl: string, method: string, target: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(`${baseUrl}${target}`, {
    method,
    headers: { ...headers, connection: 'close', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const invoices = `/merchants/${MERCHANT}/invoices`;

describe('IteraPay reference consumer (PactV4)', () => {
  it('logs in', () =>
    pact
      .addInteraction()
      .given('an account with a merchant')
      .uponReceiving('log in with email and password')
      .withRequest('POST', '/auth/login', (builder) =>
        builder.jsonBody({ email: fromProviderState('${email}', 'alice@example.com'), password: fromProviderState('${password}', 'alice-password') }),
      )
      .willRespondWith(200, (builder) => builder.jsonBody({ token: regex('^[\\w-]+\\.[\\w-]+\\.[\\w-]+$', TOKEN), expiresAt: regex(ISO_INSTANT, '2030-01-01T01:00:00.000Z') }))
      .executeTest(async (server) => {
        const answer = await call(server.url, 'POST', '/auth/login', {}, { email: 'alice@example.com', password: 'alice-password' });
        expect(answer.status).toBe(200);
        expect(answer.body?.token).toBe(TOKEN);
      }));

  it('generates a key with the Bearer token, and rotates it', async () => {
    for (const [state, description] of [
      ['an account with a merchant', 'generate an API key with the Bearer token'],
      ['the merchant has an active API key', 'rotate the API key: generating again replaces it'],
    ] as const) {
      await pact
        .addInteraction()
        .given(state)
        .uponReceiving(description)
        .withRequest('POST', path('/key/generate/${merchantId}'), (builder) => builder.headers(bearer()))
        .willRespondWith(200, (builder) => builder.jsonBody({ key: regex('^iterapay_live_[a-z0-9]{32}$', KEY) }))
        .executeTest(async (server) => {
          const answer = await call(server.url, 'POST', `/key/generate/${MERCHANT}`, { authorization: `Bearer ${TOKEN}` });
          expect(answer.body?.key).toBe(KEY);
        });
    }
  });

  it('reads the key information, which never shows the key', () =>
    pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('read the API key information')
      .withRequest('GET', path('/key/info/${merchantId}'), (builder) => builder.headers(bearer()))
      .willRespondWith(200, (builder) =>
        builder.jsonBody({ createdAt: regex(ISO_INSTANT, '2030-01-01T00:00:00.000Z'), lastUsedAt: null, prefix: regex('^iterapay_live_[a-z0-9]{3}$', 'iterapay_live_a1b') }),
      )
      .executeTest(async (server) => {
        const answer = await call(server.url, 'GET', `/key/info/${MERCHANT}`, { authorization: `Bearer ${TOKEN}` });
        expect(answer.body).toEqual({ createdAt: '2030-01-01T00:00:00.000Z', lastUsedAt: null, prefix: 'iterapay_live_a1b' });
      }));

  it('sees the key created at the provider clock', () =>
    pact
      .addInteraction()
      .given('the clock is at {time}', { time: '2030-01-01T00:00:00Z' })
      .given('the merchant has an active API key')
      .uponReceiving('read the information of a key generated at a known time')
      .withRequest('GET', path('/key/info/${merchantId}'), (builder) => builder.headers(bearer()))
      .willRespondWith(200, (builder) => builder.jsonBody({ createdAt: '2030-01-01T00:00:00.000Z', lastUsedAt: null, prefix: like('iterapay_live_a1b') }))
      .executeTest(async (server) => {
        const answer = await call(server.url, 'GET', `/key/info/${MERCHANT}`, { authorization: `Bearer ${TOKEN}` });
        expect(answer.body?.createdAt).toBe('2030-01-01T00:00:00.000Z');
      }));

  it('revokes the key', () =>
    pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('revoke the API key')
      .withRequest('DELETE', path('/key/revoke/${merchantId}'), (builder) => builder.headers(bearer()))
      .willRespondWith(204)
      .executeTest(async (server) => {
        expect((await call(server.url, 'DELETE', `/key/revoke/${MERCHANT}`, { authorization: `Bearer ${TOKEN}` })).status).toBe(204);
      }));

  it('uses the key for payment operations', async () => {
    await pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('create an invoice with the API key')
      .withRequest('POST', path('/merchants/${merchantId}/invoices'), (builder) =>
        builder.headers(apiKey()).jsonBody({ amount: '125.50', type: 'onetime', paymentMethodID: 1 }),
      )
      .willRespondWith(201, (builder) => builder.jsonBody({ id: uuid('6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d') }))
      .executeTest(async (server) => {
        const answer = await call(server.url, 'POST', invoices, { 'x-api-key': KEY }, { amount: '125.50', type: 'onetime', paymentMethodID: 1 });
        expect(answer.status).toBe(201);
      });
    await pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('list invoices with the API key')
      .withRequest('GET', path('/merchants/${merchantId}/invoices'), (builder) => builder.headers(apiKey()).query({ limit: '20', page: '1' }))
      .willRespondWith(200, (builder) => builder.jsonBody({ data: [], total: integer(0), page: 1, limit: 20 }))
      .executeTest(async (server) => {
        expect((await call(server.url, 'GET', `${invoices}?limit=20&page=1`, { 'x-api-key': KEY })).body?.limit).toBe(20);
      });
  });

  /** Each documented rejection: state(s), what is sent, and the status the consumer must handle. */
  const rejections: Array<{
    description: string;
    states: Array<[string, Record<string, string>?]>;
    method?: string;
    target: string;
    headers: Record<string, unknown>;
    status: keyof typeof PROBLEMS;
    responseHeaders?: Record<string, unknown>;
  }> = [
    {
      description: 'a payment request without a credential is refused (401)',
      states: [['an account with a merchant']],
      target: '/merchants/${merchantId}/invoices',
      headers: {},
      status: 401,
      responseHeaders: { 'WWW-Authenticate': like('ApiKey realm="iterapay", header="X-Api-Key"') },
    },
    { description: 'a replaced API key is refused (401)', states: [['the API key was replaced']], target: '/merchants/${merchantId}/invoices', headers: apiKey('replacedApiKey'), status: 401 },
    { description: 'a revoked API key is refused (401)', states: [['the API key was revoked']], target: '/merchants/${merchantId}/invoices', headers: apiKey('revokedApiKey'), status: 401 },
    { description: 'an expired Bearer token is refused (401)', states: [['the Bearer token has expired']], target: '/key/info/${merchantId}', headers: bearer('expiredToken'), status: 401 },
    {
      description: 'an API key on a key-management operation is refused (403)',
      states: [['the merchant has an active API key']],
      method: 'POST',
      target: '/key/generate/${merchantId}',
      headers: apiKey(),
      status: 403,
    },
    { description: 'a Bearer token on a payment operation is refused (403)', states: [['an account with a merchant']], target: '/merchants/${merchantId}/invoices', headers: bearer(), status: 403 },
    {
      description: "an API key on another account's merchant is refused (403)",
      states: [['the merchant has an active API key'], ['another account with a merchant']],
      target: '/merchants/${otherMerchantId}/invoices',
      headers: apiKey(),
      status: 403,
    },
    {
      description: 'an API key from an address outside the allowlist is refused (403)',
      states: [['the merchant has an active API key'], ['the merchant allows only IP {ip}', { ip: '203.0.113.7' }]],
      target: '/merchants/${merchantId}/invoices',
      headers: apiKey(),
      status: 403,
    },
    {
      description: 'an API key over its rate limit is refused (429) with Retry-After',
      states: [['the API key has used up its rate limit']],
      target: '/merchants/${merchantId}/invoices',
      headers: apiKey(),
      status: 429,
      responseHeaders: { 'Retry-After': regex('^[1-9][0-9]*$', '42') },
    },
  ];

  it.each(rejections.map((rejection) => [rejection.description, rejection] as const))('handles: %s', async (_description, rejection) => {
    let interaction = pact.addInteraction();
    for (const [state, params] of rejection.states) interaction = interaction.given(state, params);
    const method = rejection.method ?? 'GET';
    await interaction
      .uponReceiving(rejection.description)
      .withRequest(method, path(rejection.target), (builder) => builder.headers(rejection.headers as never))
      .willRespondWith(rejection.status, problem(rejection.status, rejection.responseHeaders))
      .executeTest(async (server) => {
        const target = rejection.target.replace(/\$\{\w+\}/g, MERCHANT);
        const sent = Object.fromEntries(Object.keys(rejection.headers).map((name) => [name, name === 'X-Api-Key' ? KEY : `Bearer ${TOKEN}`]));
        const answer = await call(server.url, method, target, sent);
        expect(answer.status).toBe(rejection.status);
        expect(answer.body?.status).toBe(rejection.status);
        if (rejection.status === 429) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      });
  });

  describe('the pact it wrote', () => {
    const written = (): string => readFileSync(join(dir, `${CONSUMER}-${PROVIDER}.json`), 'utf8');

    it('is the shipped one (contracts/pacts/)', async () => {
      await expect(`${JSON.stringify(JSON.parse(written()), null, 2)}\n`).toMatchFileSnapshot(SHIPPED);
    });

    it("verifies against the mock with Pact's Verifier, through Prism, with no violation", async () => {
      const mock = await startMockServer({ profile: PROVIDER, logLevel: 'silent' });
      const prism = await startPrismProxy(mock.url, join(packageRoot, 'spec', `${PROVIDER}.openapi.yaml`));
      try {
        const verdicts = await verifyPacts({
          pacts: readPacts([dir]),
          providerBaseUrl: prism.url,
          providerStatesUrl: `${mock.url}/__admin/provider-states`,
          describeExchange: (exchange) => describeExchange(mock.profile, exchange),
        });
        expect(verdicts.filter((verdict) => verdict.status !== 'passed').map(({ interaction, reasons }) => `${interaction.description}: ${reasons.join('; ')}`)).toEqual([]);
        expect(verdicts).toHaveLength(17);
        expect(prism.violations()).toEqual([]);
      } finally {
        await prism.close();
        await mock.close();
      }
    });
  });
});
