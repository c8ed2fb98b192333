/**
 * The IteraPay reference consumer: the auth interactions an integrator depends on, written with Pact's
 * PactV4 DSL. Running it regenerates contracts/pacts/authproof-reference-consumer-iterapay.json (a
 * difference fails the run; `npx vitest run -u contracts/` accepts it) and verifies the new pact against
 * the mock, through Prism, with Pact's own Verifier.
 */
import { MatchersV3 } from '@pact-foundation/pact';
import type { V4ResponseBuilder } from '@pact-foundation/pact/src/v4/http/types.js';
import { describe, expect, it } from 'vitest';
import { call, credentials, describeThePactItWrote, ISO_INSTANT, itGeneratesAndRotates, itHandlesRejections, itLogsIn, referencePact, RETRY_AFTER, TOKEN, type Rejection } from '../test/reference-consumer.js';

const { fromProviderState, integer, like, regex, uuid } = MatchersV3;

const PROVIDER = 'iterapay';
const { pact, dir } = referencePact(PROVIDER);

// Example values the consumer-side mock server answers with; the provider's come from the provider states.
const MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';
const KEY = 'iterapay_live_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';

const path = (template: string) => fromProviderState(template, template.replace(/\$\{merchantId\}|\$\{otherMerchantId\}/g, MERCHANT));
const { bearer, apiKey } = credentials(KEY);

const PROBLEMS = {
  401: ['https://example.com/probs/unauthorized', 'Unauthorized'],
  403: ['https://example.com/probs/forbidden', 'Forbidden'],
  429: ['https://example.com/probs/too-many-requests', 'Too Many Requests'],
} as const;

/** IteraPay's error body: RFC 9457 problem details with the profile's stable type and title per status. */
function problem({ status, responseHeaders = {} }: Rejection<keyof typeof PROBLEMS>) {
  const [type, title] = PROBLEMS[status];
  return (builder: V4ResponseBuilder) =>
    builder
      .headers({ 'Content-Type': regex('^application/problem\\+json(;.*)?$', 'application/problem+json'), ...responseHeaders } as never)
      .jsonBody({ type, title, status, detail: like('The API key has been revoked'), instance: like(`/merchants/${MERCHANT}/invoices`) });
}

const invoices = `/merchants/${MERCHANT}/invoices`;

describe('IteraPay reference consumer (PactV4)', () => {
  itLogsIn(pact, { path: '/auth/login', example: { email: 'alice@example.com', password: 'alice-password' }, expiresAt: '2030-01-01T01:00:00.000Z' });

  itGeneratesAndRotates(pact, {
    descriptions: ['generate an API key with the Bearer token', 'rotate the API key: generating again replaces it'],
    path: path('/key/generate/${merchantId}'),
    headers: bearer(),
    body: { key: regex('^iterapay_live_[a-z0-9]{32}$', KEY) },
    key: KEY,
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

  /** Each documented rejection, with the problem the consumer must handle. */
  const rejections: Array<Rejection<keyof typeof PROBLEMS>> = [
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
      responseHeaders: RETRY_AFTER,
    },
  ];

  itHandlesRejections(pact, rejections, { path, errorBody: problem, statusField: 'status' });

  describeThePactItWrote(PROVIDER, dir, 17);
});
