/**
 * The CertoPay reference consumer: the auth interactions an integrator of CertoPay depends on, written with
 * Pact's PactV4 DSL. Running it regenerates contracts/pacts/authproof-reference-consumer-certopay.json (a
 * difference fails the run; `npx vitest run -u contracts/` accepts it) and verifies the new pact against
 * the mock, through Prism, with Pact's own Verifier.
 *
 * CertoPay's key belongs to the caller's account: the Bearer JWT manages it under /api/api-keys/me, and the
 * key (`X-Api-Key`) is taken by the payment, order and customer operations, whose records are the account's.
 * Its errors are NestJS-style `{statusCode, message, error, code}` (spec/certopay.openapi.yaml, CTP-A3).
 */
import { MatchersV3 } from '@pact-foundation/pact';
import type { V4ResponseBuilder } from '@pact-foundation/pact/src/v4/http/types.js';
import { describe, expect, it } from 'vitest';
import { call, credentials, describeThePactItWrote, ISO_INSTANT, itGeneratesAndRotates, itHandlesRejections, itLogsIn, referencePact, RETRY_AFTER, TOKEN, type Rejection } from '../test/reference-consumer.js';

const { fromProviderState, integer, like, regex, uuid } = MatchersV3;

const PROVIDER = 'certopay';
const { pact, dir } = referencePact(PROVIDER);

// Example values the consumer-side mock server answers with; the provider's come from the provider states.
const KEY = 'sk_live_a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
const ORDER = '6f1c0b1e-8a8d-4b5e-9d6a-3c1f2e4b5a60';
const CUSTOMER = '0c2d7f7e-1b0a-4a57-9f2c-5d6e7f8a9b0c';

const path = (template: string) => (template.includes('${') ? fromProviderState(template, template.replace(/\$\{\w+\}/g, ORDER)) : template);
const { bearer, apiKey } = credentials(KEY);

/** The key's metadata as /api/api-keys/me shows it (the key itself is not part of it). */
const keyMetadata = {
  id: uuid('3f2b8c1d-5e6a-4b7c-9d8e-0f1a2b3c4d5e'),
  label: null,
  keyPrefix: regex('^sk_live_[A-Za-z0-9]{8}$', KEY.slice(0, 16)),
  maskedKey: regex('^sk_live_[A-Za-z0-9]{8}\\.\\.\\.•{10}$', `${KEY.slice(0, 16)}...••••••••••`),
  active: true,
  rateLimit: integer(100),
  lastUsedAt: null,
  createdAt: regex(ISO_INSTANT, '2030-01-01T00:00:00.000Z'),
};

const REASONS = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests' } as const;
/** CertoPay's documented codes, each with an example message (the consumer relies on the code, not the words). */
const CODES = {
  invalid_api_key: 'API key is invalid',
  expired_token: 'JWT Bearer token has expired',
  insufficient_permissions: 'This operation requires a JWT Bearer token',
  rate_limit_exceeded: 'Request rate exceeded',
} as const;
/** A rejection with its documented code; a 404 has none (CertoPay documents no code for it). */
type CertoPayRejection = Rejection<keyof typeof REASONS> & { code?: keyof typeof CODES };

/** CertoPay's error body: NestJS-style, the HTTP reason phrase in `error`, the documented code in `code` (CTP-A3). */
function nestError({ status, code, responseHeaders = {} }: CertoPayRejection) {
  return (builder: V4ResponseBuilder) =>
    builder
      .headers({ 'Content-Type': regex('^application/json(;.*)?$', 'application/json'), ...responseHeaders } as never)
      .jsonBody({ statusCode: status, message: like(code === undefined ? 'Not found' : CODES[code]), error: REASONS[status], ...(code === undefined ? {} : { code }) });
}

describe('CertoPay reference consumer (PactV4)', () => {
  // Mock-only: the real login is undocumented (CTP-A2).
  itLogsIn(pact, { path: '/api/auth/login', example: { email: 'ana@example.com', password: 'ana-password' }, expiresAt: '2030-01-01T00:15:00.000Z' });

  // The full key this once, with its metadata (CTP-A5).
  itGeneratesAndRotates(pact, {
    descriptions: ['regenerate the API key with the Bearer token: the first key', 'regenerate the API key with the Bearer token: the new key replaces the old one'],
    path: '/api/api-keys/me/regenerate',
    headers: bearer(),
    body: { ...keyMetadata, key: regex('^sk_live_[A-Za-z0-9]{32}$', KEY) },
    key: KEY,
  });

  it('reads the key metadata: its prefix, the masked key and the rate limit', () =>
    pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('read the API key metadata')
      .withRequest('GET', '/api/api-keys/me', (builder) => builder.headers(bearer()))
      .willRespondWith(200, (builder) => builder.jsonBody(keyMetadata))
      .executeTest(async (server) => {
        const answer = await call(server.url, 'GET', '/api/api-keys/me', { authorization: `Bearer ${TOKEN}` });
        expect(answer.body).toMatchObject({ keyPrefix: 'sk_live_a1b2c3d4', maskedKey: 'sk_live_a1b2c3d4...••••••••••', rateLimit: 100 });
      }));

  it('sees the key created at the provider clock', () =>
    pact
      .addInteraction()
      .given('the clock is at {time}', { time: '2030-01-01T00:00:00Z' })
      .given('the merchant has an active API key')
      .uponReceiving('read the metadata of a key regenerated at a known time')
      .withRequest('GET', '/api/api-keys/me', (builder) => builder.headers(bearer()))
      .willRespondWith(200, (builder) => builder.jsonBody({ ...keyMetadata, createdAt: '2030-01-01T00:00:00.000Z' }))
      .executeTest(async (server) => {
        expect((await call(server.url, 'GET', '/api/api-keys/me', { authorization: `Bearer ${TOKEN}` })).body?.createdAt).toBe('2030-01-01T00:00:00.000Z');
      }));

  it('uses the key for orders and payments', async () => {
    const order = { customerId: CUSTOMER, amount: 29700 };
    await pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('create an order with the API key')
      .withRequest('POST', '/api/orders', (builder) => builder.headers(apiKey()).jsonBody(order))
      .willRespondWith(201, (builder) => builder.jsonBody({ id: uuid(ORDER), ...order, status: 'PENDING', createdAt: regex(ISO_INSTANT, '2030-01-01T00:00:00.000Z') }))
      .executeTest(async (server) => {
        expect((await call(server.url, 'POST', '/api/orders', { 'x-api-key': KEY }, order)).body?.status).toBe('PENDING');
      });
    await pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving("list the account's orders with the API key")
      .withRequest('GET', '/api/orders', (builder) => builder.headers(apiKey()))
      .willRespondWith(200, (builder) => builder.jsonBody([]))
      .executeTest(async (server) => {
        expect((await call(server.url, 'GET', '/api/orders', { 'x-api-key': KEY })).body).toEqual([]);
      });
    const payment = { orderId: ORDER, method: 'PIX', amount: 29700, buyerDoc: '12345678909' };
    await pact
      .addInteraction()
      .given('the merchant has an active API key')
      .uponReceiving('process a PIX payment with the API key')
      .withRequest('POST', '/api/payment-gateway/process', (builder) => builder.headers(apiKey()).jsonBody(payment))
      .willRespondWith(201, (builder) =>
        builder.jsonBody({ id: uuid('9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e'), orderId: ORDER, method: 'PIX', amount: 29700, status: 'PENDING', createdAt: regex(ISO_INSTANT, '2030-01-01T00:00:00.000Z') }),
      )
      .executeTest(async (server) => {
        const answer = await call(server.url, 'POST', '/api/payment-gateway/process', { 'x-api-key': KEY }, payment);
        expect(answer.status).toBe(201);
        expect(answer.body?.status).toBe('PENDING');
      });
  });

  /** Each documented rejection, with the NestJS body and the code the consumer must handle. */
  const rejections: CertoPayRejection[] = [
    {
      description: 'listing orders without an API key is refused (401 invalid_api_key)',
      states: [['an account with a merchant']],
      target: '/api/orders',
      headers: {},
      status: 401,
      code: 'invalid_api_key',
    },
    {
      description: 'an unknown API key is refused (401 invalid_api_key)',
      states: [['an account with a merchant']],
      target: '/api/orders',
      headers: { 'X-Api-Key': 'sk_live_Unknown0Unknown0Unknown0Unknown0' },
      status: 401,
      code: 'invalid_api_key',
    },
    {
      description: 'the key a regeneration replaced is refused at once (401 invalid_api_key)',
      states: [['the API key was replaced']],
      target: '/api/orders',
      headers: apiKey('replacedApiKey'),
      status: 401,
      code: 'invalid_api_key',
    },
    {
      description: 'an expired Bearer token is refused on key management (401 expired_token)',
      states: [['the Bearer token has expired']],
      target: '/api/api-keys/me',
      headers: bearer('expiredToken'),
      status: 401,
      code: 'expired_token',
    },
    {
      description: 'a Bearer token on a payment operation is refused (401 invalid_api_key, CTP-A4)',
      states: [['an account with a merchant']],
      method: 'POST',
      target: '/api/payment-gateway/process',
      headers: bearer(),
      body: { orderId: ORDER, method: 'PIX', amount: 29700, buyerDoc: '12345678909' },
      status: 401,
      code: 'invalid_api_key',
    },
    {
      description: 'an API key on key management is refused (403 insufficient_permissions, CTP-A4)',
      states: [['the merchant has an active API key']],
      target: '/api/api-keys/me',
      headers: apiKey(),
      status: 403,
      code: 'insufficient_permissions',
    },
    {
      description: "another account's order is not found with the API key (404, CTP-A6)",
      states: [['the merchant has an active API key'], ['another account has a record in {collection}', { collection: 'orders' }]],
      target: '/api/orders/${otherRecordId}',
      headers: apiKey(),
      status: 404,
    },
    {
      description: 'an API key over its rate limit is refused (429 rate_limit_exceeded) with Retry-After',
      states: [['the API key has used up its rate limit']],
      target: '/api/orders',
      headers: apiKey(),
      status: 429,
      code: 'rate_limit_exceeded',
      responseHeaders: RETRY_AFTER,
    },
  ];

  itHandlesRejections(pact, rejections, { path, errorBody: nestError, statusField: 'statusCode' });

  describeThePactItWrote(PROVIDER, dir, 16);
});
